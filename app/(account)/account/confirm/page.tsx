import { redirect } from 'next/navigation'
import { StepUpWithEmail, StepUpWithPasskey } from '@/app/(account)/account/confirm/_components/step-up'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { countPasskeys } from '@/lib/auth/passkeys/management'
import { safeReturnPath } from '@/lib/web/return-path'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'

export const metadata = { title: 'Confirm it’s you' }

const ceremonyMessages = passkeyCeremonyMessages()

/** Step-up: proof of presence before changing how the account signs in. */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { returnTo: requested } = await searchParams
  const returnTo = safeReturnPath(requested) ?? '/account'
  const session = await requireSession(`/account/confirm?returnTo=${encodeURIComponent(returnTo)}`)
  if (isRecentlyVerified(session)) redirect(returnTo)
  const hasPasskeys = (await countPasskeys(session.user.id)) > 0
  return (
    <>
      <PageHeading title="Confirm it’s you" description="Changing how you sign in needs a fresh confirmation. It lasts 10 minutes." />
      <Card className="max-w-md space-y-5">
        {hasPasskeys ? (
          <>
            <StepUpWithPasskey returnTo={returnTo} messages={ceremonyMessages} />
            <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">or</p>
          </>
        ) : null}
        <StepUpWithEmail returnTo={returnTo} email={session.user.email} />
      </Card>
    </>
  )
}
