import { cookies } from 'next/headers'
import Link from 'next/link'
import { RecoverCodeForm, RecoverEmailForm, RecoverFactorForm, RecoverWithEmailForm } from '@/app/(auth)/recover/_components/recover-forms'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { requireAnonymous } from '@/lib/auth/dal'
import { maskEmailAddress } from '@/lib/email/address'
import { CODE_VALID_MINUTES } from '@/lib/auth/email-code/challenge'
import { emailAloneAccount, recoveryProgress, recoveryRules, type RecoveryAccount, type RecoveryRules } from '@/lib/recovery/self-service'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { restartRecoveryAction } from './actions'

export const metadata = { title: 'Lost your passkey?' }

function StartAgain({ label = 'Start again' }: { label?: string }) {
  return (
    <form action={restartRecoveryAction} className="mt-3">
      <Button type="submit" variant="ghost" className="w-full">
        {label}
      </Button>
    </form>
  )
}

/** Step 2, or why there is no step 2 for this account. */
function FactorStep({ accounts: all, rules, emailAlone }: { accounts: RecoveryAccount[]; rules: Map<string, RecoveryRules>; emailAlone: boolean }) {
  const accounts = all.filter((account) => rules.get(account.id)?.selfService !== false)
  if (accounts.length === 0) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Ask your helpdesk</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-helpdesk-only">
          Your email is confirmed. For this account, your organisation has recovery go through its helpdesk: after checking who you are, they can give you a
          one-time access code.
        </p>
        <Link href="/recover/access" className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          I have an access code
        </Link>
        <StartAgain />
      </Card>
    )
  }
  if (emailAlone) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Your email is confirmed</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">Continue to add a new passkey to your account on this device.</p>
        <RecoverWithEmailForm />
        <StartAgain />
      </Card>
    )
  }
  const codes = accounts.some((account) => account.hasRecoveryCodes)
  const totp = accounts.some((account) => account.hasTotp)
  if (!codes && !totp) {
    const hasPasskey = accounts.some((account) => account.hasPasskey)
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{hasPasskey ? 'Ask your administrator' : 'Sign in with your email'}</h1>
        {hasPasskey ? (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-helpdesk">
            Your account has a passkey but no recovery codes or authenticator app, so your email alone can’t recover it: that keeps someone who gets into your
            mailbox out of your account. Contact your administrator or IT helpdesk: after checking who you are, they can give you a one-time access code.
          </p>
        ) : (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="recovery-sign-in">
            Your account has no passkey yet, so you don’t need to recover it: sign in with a code sent to your email.
          </p>
        )}
        <Link href={hasPasskey ? '/recover/access' : '/sign-in'} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          {hasPasskey ? 'I have an access code' : 'Go to sign-in'}
        </Link>
        <StartAgain />
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">One more step</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">Your email is confirmed. Now enter something only you have, that you set up earlier.</p>
      <div className="space-y-6">
        {codes ? <RecoverFactorForm kind="recovery_code" /> : null}
        {codes && totp ? <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">or</p> : null}
        {totp ? <RecoverFactorForm kind="totp" /> : null}
      </div>
      <StartAgain />
    </Card>
  )
}

/**
 * "Lost your passkey?": prove an address of the account, then a recovery code
 * or authenticator-app code, to get a short session that can add a passkey.
 */
export default async function RecoverPage() {
  await requireAnonymous()
  const progress = await recoveryProgress((await cookies()).get(signInRequestCookie('recovery').name)?.value)
  if (progress.step === 'factor') {
    const [rules, emailAlone] = await Promise.all([recoveryRules(progress.accounts), emailAloneAccount(progress)])
    return <FactorStep accounts={progress.accounts} rules={rules} emailAlone={emailAlone !== null} />
  }
  if (progress.step === 'code') {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Check your email</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
          If <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{maskEmailAddress(progress.email)}</strong> belongs to an account, we sent it a
          code. It works for {CODE_VALID_MINUTES} minutes.
        </p>
        <RecoverCodeForm />
        <StartAgain label="Use a different email" />
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Lost your passkey?</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        Get back in with two things: a code we email you, then one of your recovery codes or a code from your authenticator app. You’ll then add a new passkey.
      </p>
      <RecoverEmailForm />
      <div className="mt-6">
        <FormMessage tone="info">Lost those too? Your administrator or IT helpdesk can check who you are and give you a one-time access code.</FormMessage>
      </div>
      <Link href="/recover/access" className="mt-4 mr-6 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        I have an access code
      </Link>
      <Link href="/sign-in" className="mt-4 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        Back to sign-in
      </Link>
    </Card>
  )
}
