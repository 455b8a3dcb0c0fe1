import { Card } from '@/components/ui/card'
import { requireEnrolment } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { EnrollPanel } from './_components/enroll-panel'
import { safeReturnPath } from '@/lib/web/return-path'

export const metadata = { title: 'Add a passkey to continue' }

const ceremonyMessages = passkeyCeremonyMessages()

/**
 * Where someone whose group requires a passkey lands after signing in by
 * email without one: every other page and action sends them back here until
 * a passkey is added (the guard in lib/auth/dal.ts).
 */
export default async function EnrollPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireEnrolment()
  const { returnTo } = await searchParams
  return (
    <Card className="max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">Add a passkey to continue</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        Your organisation requires a passkey for <span className="font-medium break-all">{session.user.email}</span>. Create one on this device (or a security
        key) now; from then on you sign in with it, without waiting for an email.
      </p>
      <EnrollPanel messages={ceremonyMessages} next={safeReturnPath(returnTo)} />
    </Card>
  )
}
