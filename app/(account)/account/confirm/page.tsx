import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { ApprovalSummary } from '@/app/(account)/account/confirm/_components/approval-summary'
import { PasskeyForApp } from '@/app/(account)/account/confirm/_components/passkey-for-app'
import { StepUpWithEmail, StepUpWithPasskey } from '@/app/(account)/account/confirm/_components/step-up'
import { stepUpLabels } from '@/app/(account)/account/confirm/_components/step-up-labels'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { countPasskeys } from '@/lib/auth/passkeys/management'
import { safeReturnPath } from '@/lib/web/return-path'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'
import { approvalProven } from '@/lib/oidc/approval-proof'
import { approvalRequest } from '@/lib/oidc/approval-request'
import { stepUpNeedsPasskey } from '@/lib/policy/decide'

export async function generateMetadata() {
  const t = await getTranslations('account.confirm')
  return { title: t('title') }
}

/**
 * Step-up: proof of presence before changing how the account signs in, or
 * when an app asks for a fresh or a passkey sign-in (lib/oidc/interaction.ts
 * sends `passkey=1` and `since`; it decides again when the person comes back).
 */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const { returnTo: requested, passkey, since, create } = await searchParams
  const returnTo = safeReturnPath(requested) ?? '/account'
  const passkeyOnly = passkey === '1'
  const sinceSeconds = typeof since === 'string' && /^\d{1,12}$/.test(since) ? Number(since) : null
  const here = `/account/confirm?${new URLSearchParams({ returnTo, ...(passkeyOnly ? { passkey: '1' } : {}), ...(sinceSeconds ? { since: String(sinceSeconds) } : {}) })}`
  const session = await requireSession(here)
  const forApp = returnTo.startsWith('/oidc/interaction/')
  // A payment the app asks to approve (RFC 9396), shown before the prompt that approves it: only a proof made here approves it.
  const approval = forApp ? await approvalRequest(returnTo) : null
  const provenByPasskey = session.method === 'passkey' || session.verifiedMethod === 'passkey'
  const done =
    passkeyOnly || sinceSeconds !== null
      ? (sinceSeconds === null || session.verifiedAt.getTime() >= sinceSeconds * 1000) &&
        (!passkeyOnly || provenByPasskey) &&
        (!approval || approvalProven(session, approval.uid, passkeyOnly))
      : isRecentlyVerified(session)
  if (done) redirect(returnTo)
  const hasPasskeys = (await countPasskeys(session.user.id)) > 0
  // The group decides whether an emailed code may confirm it's you; the actions refuse it as well.
  const emailAccepted = !passkeyOnly && !stepUpNeedsPasskey(session.policy)
  const minutes = session.policy.stepUp.windowMinutes
  const t = await getTranslations('account.confirm')
  const labels = await stepUpLabels(session.user.email)
  return (
    <>
      <PageHeading title={t('title')} description={forApp ? (passkeyOnly ? t('forAppPasskey') : t('forApp')) : t('window', { minutes })} />
      {approval ? <ApprovalSummary request={approval} /> : null}
      <Card className="max-w-md space-y-5">
        {hasPasskeys && !passkeyOnly ? <StepUpWithPasskey returnTo={returnTo} messages={ceremonyMessages} labels={labels.passkey} /> : null}
        {hasPasskeys && emailAccepted ? <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">{t('or')}</p> : null}
        {emailAccepted ? <StepUpWithEmail returnTo={returnTo} labels={labels.email} /> : null}
        {passkeyOnly ? (
          <PasskeyForApp
            session={session}
            hasPasskeys={hasPasskeys}
            asked={create === '1' ? 'create' : create === '0' ? 'use' : null}
            here={here}
            returnTo={returnTo}
            messages={ceremonyMessages}
          />
        ) : !emailAccepted ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="step-up-passkey-only">
            {hasPasskeys ? t('passkeyRequired') : t('passkeyRequiredNone')}
          </p>
        ) : null}
      </Card>
    </>
  )
}
