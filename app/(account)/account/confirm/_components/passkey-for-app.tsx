import { getTranslations } from 'next-intl/server'
import { StepUpWithEmail, StepUpWithPasskey } from '@/app/(account)/account/confirm/_components/step-up'
import { stepUpLabels } from '@/app/(account)/account/confirm/_components/step-up-labels'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'
import type { CurrentSession } from '@/lib/auth/dal'
import { stepUpPasskeyChoice } from '@/lib/auth/passkeys/step-up-view'
import { passkeyEnrolmentAllowed } from '@/lib/policy/decide'

const LINK = 'text-sm font-semibold text-indigo-700 underline underline-offset-4 dark:text-indigo-300'
const TEXT = 'text-sm text-zinc-700 dark:text-zinc-300'

/**
 * The step-up page when an app asks for a passkey: confirm with one the
 * account has, or create one on this device right here, which confirms it
 * too and goes on to the app (`returnTo`). Which of the two leads, and
 * whether creating needs an emailed code first, the server decides
 * (stepUpPasskeyChoice). `here` is this page's own address, the way back
 * after the emailed code; `create=1` on it asks for creating, `create=0` for
 * using a passkey the account has.
 */
export async function PasskeyForApp({
  session,
  hasPasskeys,
  asked,
  here,
  returnTo,
  messages,
}: {
  session: CurrentSession
  hasPasskeys: boolean
  asked: 'create' | 'use' | null
  here: string
  returnTo: string
  messages: CeremonyMessages
}) {
  const t = await getTranslations('account.confirm')
  const choice = await stepUpPasskeyChoice(session, { hasPasskeys, asked })
  const creating = `${here}&create=1`
  const labels = await stepUpLabels(session.user.email)
  if (!choice.create) {
    if (!hasPasskeys) {
      return (
        <p className={TEXT} data-testid="step-up-passkey-only">
          {passkeyEnrolmentAllowed(session.policy) ? t('createSignInAgain') : t('passkeyRequiredNone')}
        </p>
      )
    }
    return (
      <>
        <StepUpWithPasskey returnTo={returnTo} messages={messages} labels={labels.passkey} />
        <p className={TEXT} data-testid="step-up-passkey-only">
          {t('passkeyForApp')}
        </p>
        {choice.creation === 'no' ? null : (
          <a href={creating} className={LINK}>
            {t('createInstead')}
          </a>
        )}
      </>
    )
  }
  return (
    <div className="space-y-4" data-testid="step-up-create-passkey">
      <p className={TEXT}>{choice.demo ? t('createDemo') : hasPasskeys ? t('createAnother') : t('createIntro')}</p>
      {choice.creation === 'now' ? (
        <CreatePasskeyButton label={t('createHere')} messages={messages} returnTo={returnTo} confirming />
      ) : (
        <>
          <p className={TEXT}>{t('createAfterEmail')}</p>
          <StepUpWithEmail returnTo={creating} labels={labels.email} />
        </>
      )}
      {hasPasskeys ? (
        <a href={`${here}&create=0`} className={`block ${LINK}`}>
          {t('useInstead')}
        </a>
      ) : null}
    </div>
  )
}
