import { ComingSoon } from '@/components/coming-soon'
import { requireUser } from '@/lib/auth/dal'

export const metadata = { title: 'Recovery' }

export default async function RecoveryPage() {
  await requireUser('/account/recovery')
  return (
    <ComingSoon
      title="Recovery"
      description="Ways back into your account if you lose your device."
      detail="Here you will set up recovery codes, an authenticator app and a backup email address."
    />
  )
}
