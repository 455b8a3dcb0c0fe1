import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { ApprovalWatcher } from '@/app/(auth)/sign-in/check-email/_components/approval-watcher'
import { CodeForm } from '@/app/(auth)/sign-in/check-email/_components/code-form'
import { ResendForm } from '@/app/(auth)/sign-in/check-email/_components/resend-form'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'
import { maskEmailAddress } from '@/lib/email/address'
import { CODE_VALID_MINUTES, RESEND_COOLDOWN_SECONDS, challengeIdFor } from '@/lib/auth/email-code/challenge'
import { findPendingSignIn } from '@/lib/auth/email-code/pending-request'
import { approvalNumber } from '@/lib/auth/email-code/link-approval'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { env } from '@/lib/env'
import { startOverAction } from '../actions'

export const metadata = { title: 'Check your email' }

/** The screen every email request leads to, whether or not the address has an account. */
export default async function CheckEmailPage() {
  await requireAnonymous()
  const secret = (await cookies()).get(signInRequestCookie().name)?.value
  const pending = secret ? await findPendingSignIn(secret) : null
  if (!secret || !pending) redirect('/sign-in')
  const masked = maskEmailAddress(pending.email)
  const resendAt = new Date(pending.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000).toISOString()
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Check your email</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {env().signup === 'open' ? 'We sent a code and a sign-in link to ' : 'If this address can sign in here, we sent a code and a sign-in link to '}
        <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{masked}</strong>. They work for {CODE_VALID_MINUTES} minutes.
      </p>
      <div className="mt-6">
        <CodeForm />
      </div>
      <div className="mt-4 rounded-lg bg-zinc-50 p-4 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
        Opening the email on another device? Its link will ask for this number:{' '}
        <strong className="ml-1 font-mono text-lg text-zinc-900 dark:text-zinc-100" data-testid="approval-number">
          {approvalNumber(challengeIdFor(secret))}
        </strong>
      </div>
      <div className="mt-4">
        <ApprovalWatcher />
      </div>
      <hr className="my-6 border-zinc-200 dark:border-zinc-800" />
      <ResendForm availableAt={resendAt} />
      <form action={startOverAction} className="mt-3">
        <Button type="submit" variant="ghost" className="w-full">
          Use a different email
        </Button>
      </form>
    </Card>
  )
}
