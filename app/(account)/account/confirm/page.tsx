import { redirect } from 'next/navigation'
import { StepUpWithEmail, StepUpWithPasskey } from '@/app/(account)/account/confirm/_components/step-up'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { countPasskeys } from '@/lib/auth/passkeys/management'
import { safeReturnPath } from '@/lib/web/return-path'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { passkeyEnrolmentAllowed, stepUpNeedsPasskey } from '@/lib/policy/decide'

export const metadata = { title: 'Confirm it’s you' }

const ceremonyMessages = passkeyCeremonyMessages()

/**
 * Step-up: proof of presence before changing how the account signs in, or
 * when an app asks for a fresh or a passkey sign-in (lib/oidc/interaction.ts
 * sends `passkey=1` and `since`; it decides again when the person comes back).
 */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { returnTo: requested, passkey, since } = await searchParams
  const returnTo = safeReturnPath(requested) ?? '/account'
  const passkeyOnly = passkey === '1'
  const sinceSeconds = typeof since === 'string' && /^\d{1,12}$/.test(since) ? Number(since) : null
  const here = `/account/confirm?${new URLSearchParams({ returnTo, ...(passkeyOnly ? { passkey: '1' } : {}), ...(sinceSeconds ? { since: String(sinceSeconds) } : {}) })}`
  const session = await requireSession(here)
  const forApp = returnTo.startsWith('/oidc/interaction/')
  const provenByPasskey = session.method === 'passkey' || session.verifiedMethod === 'passkey'
  const done =
    passkeyOnly || sinceSeconds !== null
      ? (sinceSeconds === null || session.verifiedAt.getTime() >= sinceSeconds * 1000) && (!passkeyOnly || provenByPasskey)
      : isRecentlyVerified(session)
  if (done) redirect(returnTo)
  const hasPasskeys = (await countPasskeys(session.user.id)) > 0
  // The group decides whether an emailed code may confirm it's you; the actions refuse it as well.
  const emailAccepted = !passkeyOnly && !stepUpNeedsPasskey(session.policy)
  const minutes = session.policy.stepUp.windowMinutes
  return (
    <>
      <PageHeading
        title="Confirm it’s you"
        description={
          forApp
            ? passkeyOnly
              ? 'The app you are signing in to asks for a passkey, so that no one who tricked you into sharing a code or link can get in.'
              : 'The app you are signing in to asks you to confirm it’s you again.'
            : `Changing how you sign in needs a fresh confirmation. It lasts ${minutes} minute${minutes === 1 ? '' : 's'}.`
        }
      />
      <Card className="max-w-md space-y-5">
        {hasPasskeys ? <StepUpWithPasskey returnTo={returnTo} messages={ceremonyMessages} /> : null}
        {hasPasskeys && emailAccepted ? <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">or</p> : null}
        {emailAccepted ? <StepUpWithEmail returnTo={returnTo} email={session.user.email} /> : null}
        {!emailAccepted && !hasPasskeys && passkeyOnly && passkeyEnrolmentAllowed(session.policy) ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="step-up-add-passkey">
            This account has no passkey yet.{' '}
            <a href="/account/passkeys" className="font-semibold text-indigo-700 underline underline-offset-4 dark:text-indigo-300">
              Add one on your passkeys page
            </a>
            , then go back to the app and sign in again.
          </p>
        ) : !emailAccepted ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="step-up-passkey-only">
            {hasPasskeys
              ? passkeyOnly
                ? 'Use one of your passkeys. An emailed code can’t be used for this.'
                : 'Your organisation asks for a passkey to confirm it’s you for this. An emailed code can’t be used.'
              : 'Your organisation asks for a passkey to confirm it’s you for this, and this account has none. Ask your helpdesk for help.'}
          </p>
        ) : null}
      </Card>
    </>
  )
}
