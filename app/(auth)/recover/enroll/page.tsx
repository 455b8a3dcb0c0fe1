import { redirect } from 'next/navigation'
import { RecoveryEnrollPanel } from '@/app/(auth)/recover/enroll/_components/recovery-enroll-panel'
import { Card } from '@/components/ui/card'
import { getRecoveryOrCurrentSession } from '@/lib/auth/dal'
import { recoveryCodeStatus } from '@/lib/recovery/codes'
import { env } from '@/lib/env'
import { passkeyCeremonyMessages } from '@/lib/errors'

export const metadata = { title: 'Add a new passkey' }

const ceremonyMessages = passkeyCeremonyMessages()

/** The one thing a recovery session is for: a new passkey (and, if wanted, new recovery codes). */
export default async function RecoverEnrollPage() {
  const session = await getRecoveryOrCurrentSession()
  if (!session) redirect('/recover')
  if (session.method !== 'recovery') redirect('/recover/done')
  const codes = await recoveryCodeStatus(session.user.id)
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Add a new passkey</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        It’s you. Create a passkey on this device to finish getting back into <span className="font-medium">{session.user.email}</span>. This page works for 15
        minutes.
      </p>
      <RecoveryEnrollPanel messages={ceremonyMessages} remainingCodes={codes.remaining} appName={env().appName} email={session.user.email} />
    </Card>
  )
}
