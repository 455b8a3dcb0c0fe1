import Link from 'next/link'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getFormatter, getLocale, getTranslations } from 'next-intl/server'
import { ApprovalWatcher } from '@/app/(auth)/sign-in/check-email/_components/approval-watcher'
import { CodeForm } from '@/app/(auth)/sign-in/_components/code-form'
import { ResendForm } from '@/app/(auth)/sign-in/_components/resend-form'
import { sentTags } from '@/app/(auth)/sign-in/_components/sent-tags'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { SLOT } from '@/components/ui/slot'
import { requireAnonymous } from '@/lib/auth/dal'
import { maskEmailAddress } from '@/lib/email/address'
import { CODE_VALID_MINUTES, RESEND_COOLDOWN_SECONDS, challengeIdFor } from '@/lib/auth/email-code/challenge'
import { findPendingSignIn } from '@/lib/auth/email-code/pending-request'
import { approvalNumber } from '@/lib/auth/email-code/link-approval'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { signInDelivery } from '@/lib/email/delivery-views'
import { env } from '@/lib/env'
import { resendCodeAction, startOverAction, verifyCodeAction } from '../actions'

export async function generateMetadata() {
  const t = await getTranslations('signIn.checkEmail')
  return { title: t('title') }
}

/** The screen every email request leads to, whether or not the address has an account. */
export default async function CheckEmailPage() {
  await requireAnonymous()
  const secret = (await cookies()).get(signInRequestCookie().name)?.value
  const pending = secret ? await findPendingSignIn(secret) : null
  if (!secret || !pending) redirect('/sign-in')
  const [t, format, locale] = await Promise.all([getTranslations('signIn.checkEmail'), getFormatter(), getLocale()])
  const masked = maskEmailAddress(pending.email)
  const resendAt = new Date(pending.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000).toISOString()
  // The same for every address (the screen must not tell whether one has an account): the longest a code lives.
  const validUntil = new Date(pending.createdAt.getTime() + CODE_VALID_MINUTES * 60_000)
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {t.rich(env().signup === 'open' ? 'sent' : 'sentIfAccount', {
          email: masked,
          minutes: CODE_VALID_MINUTES,
          time: format.dateTime(validUntil, 'clock'),
          ...sentTags(validUntil),
        })}
      </p>
      <div className="mt-6">
        <CodeForm verify={verifyCodeAction} labels={{ label: t('code.label'), hint: t('code.hint'), submit: t('code.submit'), pending: t('code.pending') }} />
      </div>
      <div className="mt-4 rounded-lg bg-zinc-50 p-4 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
        {t('otherDevice')}{' '}
        <strong className="ms-1 font-mono text-lg text-zinc-900 dark:text-zinc-100" translate="no" data-testid="approval-number">
          {approvalNumber(challengeIdFor(secret))}
        </strong>
      </div>
      <div className="mt-4">
        <ApprovalWatcher
          delivery={await signInDelivery({ id: challengeIdFor(secret), createdAt: pending.createdAt, emailed: pending.emailed })}
          labels={{
            waiting: t('watcher.waiting'),
            gone: t('watcher.gone'),
            delivery: { delivered: t('delivery.delivered'), delayed: t('delivery.delayed'), bounced: t('delivery.bounced'), recover: t('delivery.recover') },
          }}
        />
      </div>
      {/* Where development tools exist (demo and development only), the mailbox holds the email: a shortcut to it. */}
      {env().devToolsEnabled ? (
        <p className="mt-4 rounded-lg bg-amber-50 p-4 text-sm text-amber-950 dark:bg-amber-500/10 dark:text-amber-200" data-testid="demo-mailbox">
          {t('demoMailbox.note')}{' '}
          <Link href={`/dev/mailbox/newest?${new URLSearchParams({ to: pending.email })}`} className="font-semibold underline underline-offset-4">
            {t('demoMailbox.link')}
          </Link>
        </p>
      ) : null}
      <hr className="my-6 border-zinc-200 dark:border-zinc-800" />
      <ResendForm
        resend={resendCodeAction}
        availableAt={resendAt}
        locale={locale}
        labels={{ submit: t('resend.submit'), pending: t('resend.pending'), cooldown: t('resend.cooldown', { seconds: SLOT }), help: t('resend.help') }}
      />
      <form action={startOverAction} className="mt-3">
        <Button type="submit" variant="ghost" className="w-full">
          {t('startOver')}
        </Button>
      </form>
    </Card>
  )
}
