import { cookies } from 'next/headers'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { recoverFormLabels } from '@/app/(auth)/recover/_components/form-labels'
import {
  RecoverCodeForm,
  RecoverEmailForm,
  RecoverFactorForm,
  RecoverWithEmailForm,
  type RecoverFormLabels,
} from '@/app/(auth)/recover/_components/recover-forms'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { requireAnonymous } from '@/lib/auth/dal'
import { maskEmailAddress } from '@/lib/email/address'
import { CODE_VALID_MINUTES } from '@/lib/auth/email-code/challenge'
import { emailAloneAccount, recoveryProgress, recoveryRules, type RecoveryAccount, type RecoveryRules } from '@/lib/recovery/self-service'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { waitingRecoveryState } from '@/lib/recovery/waiting-recovery'
import { restartRecoveryAction } from './actions'

export async function generateMetadata() {
  const t = await getTranslations('recovery.start')
  return { title: t('title') }
}

function StartAgain({ label }: { label: string }) {
  return (
    <form action={restartRecoveryAction} className="mt-3">
      <Button type="submit" variant="ghost" className="w-full">
        {label}
      </Button>
    </form>
  )
}

/** Step 2, or why there is no step 2 for this account. */
async function FactorStep({
  accounts: all,
  rules,
  emailAlone,
  labels,
}: {
  accounts: RecoveryAccount[]
  rules: Map<string, RecoveryRules>
  emailAlone: boolean
  labels: RecoverFormLabels
}) {
  const t = await getTranslations('recovery')
  const startAgain = <StartAgain label={t('start.startAgain')} />
  const accounts = all.filter((account) => rules.get(account.id)?.selfService !== false)
  if (accounts.length === 0) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('helpdeskOnly.title')}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-helpdesk-only">
          {t('helpdeskOnly.body')}
        </p>
        <Link href="/recover/access" className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          {t('start.haveAccessCode')}
        </Link>
        {startAgain}
      </Card>
    )
  }
  if (emailAlone) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('emailAlone.title')}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('emailAlone.body')}</p>
        <RecoverWithEmailForm labels={labels} />
        {startAgain}
      </Card>
    )
  }
  // Someone who chose passkeys only needs both a recovery code and the authenticator app; without both, the helpdesk.
  // (An address that also recovers an ordinary account gets that account's forms below the one for both.)
  const passkeyOnly = accounts.every((account) => account.passkeyOnly)
  const both = accounts.some((account) => account.passkeyOnly && account.hasRecoveryCodes && account.hasTotp)
  if (passkeyOnly) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{both ? t('factor.title') : t('noFactor.helpdeskTitle')}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400" data-testid="recovery-passkey-only">
          {both ? t('factor.passkeyOnly') : t('factor.passkeyOnlyHelpdesk')}
        </p>
        {both ? (
          <RecoverFactorForm kind="recovery_code_and_totp" labels={labels} />
        ) : (
          <Link href="/recover/access" className="inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
            {t('start.haveAccessCode')}
          </Link>
        )}
        {startAgain}
      </Card>
    )
  }
  const ordinary = accounts.filter((account) => !account.passkeyOnly)
  const codes = ordinary.some((account) => account.hasRecoveryCodes)
  const totp = ordinary.some((account) => account.hasTotp)
  if (!codes && !totp && !both) {
    const hasPasskey = accounts.some((account) => account.hasPasskey)
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{hasPasskey ? t('noFactor.helpdeskTitle') : t('noFactor.signInTitle')}</h1>
        {hasPasskey ? (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-helpdesk">
            {t('noFactor.helpdeskBody')}
          </p>
        ) : (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-sign-in">
            {t('noFactor.signInBody')}
          </p>
        )}
        <Link href={hasPasskey ? '/recover/access' : '/sign-in'} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          {hasPasskey ? t('start.haveAccessCode') : t('noFactor.goToSignIn')}
        </Link>
        {startAgain}
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('factor.title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('factor.intro')}</p>
      <div className="space-y-6">
        {both ? <RecoverFactorForm kind="recovery_code_and_totp" labels={labels} /> : null}
        {codes ? <RecoverFactorForm kind="recovery_code" labels={labels} /> : null}
        {codes && totp ? <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">{t('factor.or')}</p> : null}
        {totp ? <RecoverFactorForm kind="totp" labels={labels} /> : null}
      </div>
      {startAgain}
    </Card>
  )
}

/**
 * "Lost your passkey?": prove an address of the account, then a recovery code
 * or authenticator-app code, to get a short session that can add a passkey.
 */
export default async function RecoverPage() {
  await requireAnonymous()
  // A browser waiting out a recovery by email goes back to it (one read, only with its cookie).
  const waiting = await waitingRecoveryState({ cookies: await cookies() })
  if (waiting.state === 'waiting' || waiting.state === 'ready') redirect('/recover/waiting')
  const [t, labels] = await Promise.all([getTranslations('recovery'), recoverFormLabels()])
  const progress = await recoveryProgress((await cookies()).get(signInRequestCookie('recovery').name)?.value)
  if (progress.step === 'factor') {
    const [rules, emailAlone] = await Promise.all([recoveryRules(progress.accounts), emailAloneAccount(progress)])
    return <FactorStep accounts={progress.accounts} rules={rules} emailAlone={emailAlone !== null} labels={labels} />
  }
  if (progress.step === 'code') {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('checkEmail.title')}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
          {t.rich('checkEmail.body', {
            address: maskEmailAddress(progress.email),
            minutes: CODE_VALID_MINUTES,
            email: (chunks) => (
              <strong className="font-semibold text-zinc-900 dark:text-zinc-100" dir="ltr" translate="no">
                {chunks}
              </strong>
            ),
          })}
        </p>
        <RecoverCodeForm labels={labels} />
        <StartAgain label={t('checkEmail.differentEmail')} />
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('start.title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('start.intro')}</p>
      <RecoverEmailForm labels={labels} />
      <div className="mt-6">
        <FormMessage tone="info">{t('start.lostThoseToo')}</FormMessage>
      </div>
      <Link href="/recover/access" className="mt-4 me-6 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('start.haveAccessCode')}
      </Link>
      <Link href="/sign-in" className="mt-4 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('start.backToSignIn')}
      </Link>
    </Card>
  )
}
