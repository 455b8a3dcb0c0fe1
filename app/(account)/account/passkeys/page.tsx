import { ComingSoon } from '@/components/coming-soon'
import { requireUser } from '@/lib/auth/dal'

export const metadata = { title: 'Passkeys' }

export default async function PasskeysPage() {
  await requireUser('/account/passkeys')
  return (
    <ComingSoon
      title="Passkeys"
      description="Sign in with your fingerprint, face or screen lock instead of a password."
      detail="Here you will add passkeys on each of your devices, name them, and remove the ones you no longer use."
    />
  )
}
