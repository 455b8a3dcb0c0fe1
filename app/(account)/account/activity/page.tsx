import { ComingSoon } from '@/components/coming-soon'
import { requireUser } from '@/lib/auth/dal'

export const metadata = { title: 'Activity' }

export default async function ActivityPage() {
  await requireUser('/account/activity')
  return (
    <ComingSoon
      title="Activity"
      description="Sign-ins and security changes on your account."
      detail="Every sign-in is already being recorded. Here you will see them, with device and place, and report any you don't recognise."
    />
  )
}
