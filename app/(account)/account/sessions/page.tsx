import { ComingSoon } from '@/components/coming-soon'
import { requireUser } from '@/lib/auth/dal'

export const metadata = { title: 'Sessions' }

export default async function SessionsPage() {
  await requireUser('/account/sessions')
  return (
    <ComingSoon
      title="Sessions"
      description="Browsers and devices where you are signed in."
      detail="Here you will see each signed-in browser and sign out the ones you don't use any more."
    />
  )
}
