import { redirect } from 'next/navigation'
import { StepUpWithEmail, StepUpWithPasskey } from '@/app/(account)/account/confirm/_components/step-up'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { countPasskeys } from '@/lib/auth/passkeys/management'
import { safeReturnPath } from '@/lib/web/return-path'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { stepUpNeedsPasskey } from '@/lib/policy/decide'

export const metadata = { title: 'Confirm it’s you' }

const ceremonyMessages = passkeyCeremonyMessages()

/** Step-up: proof of presence before changing how the account signs in. */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { returnTo: requested } = await searchParams
  const returnTo = safeReturnPath(requested) ?? '/account'
  const session = await requireSession(`/account/confirm?returnTo=${encodeURIComponent(returnTo)}`)
  if (isRecentlyVerified(session)) redirect(returnTo)
  const hasPasskeys = (await countPasskeys(session.user.id)) > 0
  // The group decides whether an emailed code may confirm it's you; the actions refuse it as well.
  const emailAccepted = !stepUpNeedsPasskey(session.policy)
  const minutes = session.policy.stepUp.windowMinutes
  return (
    <>
      <PageHeading
        title="Confirm it’s you"
        description={`Changing how you sign in needs a fresh confirmation. It lasts ${minutes} minute${minutes === 1 ? '' : 's'}.`}
      />
      <Card className="max-w-md space-y-5">
        {hasPasskeys ? <StepUpWithPasskey returnTo={returnTo} messages={ceremonyMessages} /> : null}
        {hasPasskeys && emailAccepted ? <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">or</p> : null}
        {emailAccepted ? <StepUpWithEmail returnTo={returnTo} email={session.user.email} /> : null}
        {!emailAccepted ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="step-up-passkey-only">
            {hasPasskeys
              ? 'Your organisation asks for a passkey to confirm it’s you for this. An emailed code can’t be used.'
              : 'Your organisation asks for a passkey to confirm it’s you for this, and this account has none. Ask your helpdesk for help.'}
          </p>
        ) : null}
      </Card>
    </>
  )
}
