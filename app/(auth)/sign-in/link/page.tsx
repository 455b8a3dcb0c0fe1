import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { cookies } from 'next/headers'
import { getFormatter, getLocale, getTranslations } from 'next-intl/server'
import { LinkConfirmForm } from '@/app/(auth)/sign-in/link/_components/link-confirm-form'
import { RequestedAgo } from '@/app/(auth)/sign-in/link/_components/requested-ago'
import { ButtonLink } from '@/components/ui/button-link'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { getCurrentSession } from '@/lib/auth/dal'
import { maskEmailAddress } from '@/lib/email/address'
import { usedLinkView } from '@/lib/auth/email-code/used-link'
import { describeEmailLink } from '@/lib/auth/email-code/link'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { env } from '@/lib/env'
import { errorMessage } from '@/lib/errors'
import { data } from '@/components/ui/data'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signIn.link')
  // The token is in the address: never pass it on to another site.
  return { title: t('title'), referrer: 'no-referrer' }
}

const unusable = { used: 'link_used', expired: 'link_expired', superseded: 'link_superseded', invalid: 'link_invalid' } as const

const strong = (chunks: ReactNode) => (
  <strong translate="no" dir="ltr" className="font-semibold text-zinc-900 dark:text-zinc-100">
    {chunks}
  </strong>
)

/** Opening the link only shows this page; the sign-in happens on its button. */
export default async function ConfirmLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const linkToken = typeof token === 'string' ? token : ''
  const secret = (await cookies()).get(signInRequestCookie().name)?.value
  const link = await describeEmailLink(linkToken, secret)
  const { appName } = env()
  const [t, format, locale] = await Promise.all([getTranslations('signIn.link'), getFormatter(), getLocale()])

  // Only for a used link is the session read: the page that signs in costs no more statements.
  const session = link.status === 'used' ? await getCurrentSession() : null
  if (link.status === 'used' && session && usedLinkView(link.email, session.user.email) === 'already_signed_in') {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('alreadySignedIn.heading')}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t.rich('alreadySignedIn.text', { email: session.user.email, strong })}</p>
        <ButtonLink href="/account" className="mt-6 w-full">
          {t('alreadySignedIn.goToAccount')}
        </ButtonLink>
      </Card>
    )
  }
  if (link.status !== 'ready' || !link.email) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('unusable')}</h1>
        <div className="mt-4">
          <FormMessage tone="error">{errorMessage(unusable[link.status === 'ready' ? 'invalid' : link.status])}</FormMessage>
        </div>
        {/* Signed in as someone else: the same words as signed out, and the way back to their own account. */}
        <ButtonLink href={session ? '/account' : '/sign-in'} className="mt-6 w-full">
          {session ? t('alreadySignedIn.goToAccount') : t('newEmail')}
        </ButtonLink>
      </Card>
    )
  }

  const masked = maskEmailAddress(link.email)
  const form = (
    <LinkConfirmForm
      token={linkToken}
      sameBrowser={link.sameBrowser}
      approvable={link.approvable ?? false}
      labels={{
        newEmail: t('newEmail'),
        signInHere: t('sameBrowser.submit', { appName }),
        numberLabel: t('otherBrowser.numberLabel'),
        numberHint: t('otherBrowser.numberHint'),
        approve: t('otherBrowser.approve'),
        tooOld: t('otherBrowser.tooOld'),
        hereHeading: t('otherBrowser.hereHeading'),
        codeLabel: t('otherBrowser.codeLabel'),
        codeHint: t('otherBrowser.codeHint'),
        here: t('otherBrowser.here'),
      }}
    />
  )
  if (link.sameBrowser) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('sameBrowser.heading', { appName })}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t.rich('sameBrowser.question', { appName, email: masked, strong })}</p>
        {form}
      </Card>
    )
  }

  const { browser, system } = link.requestedFrom ?? { browser: null, system: null }
  const device = browser
    ? system
      ? t.rich('device.browserOnSystem', { browser, system, data })
      : t.rich('device.browser', { browser, data })
    : system
      ? t.rich('device.unknownOnSystem', { system, data })
      : t('device.unknown')
  const now = new Date()
  const requestedAt = link.requestedAt ?? now
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('otherBrowser.heading')}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {t.rich('otherBrowser.requested', {
          email: masked,
          time: format.dateTime(requestedAt, 'clock'),
          ago: () => <RequestedAgo at={requestedAt.toISOString()} serverNow={now.toISOString()} locale={locale} />,
          strong,
          device: () => device,
          clock: (chunks) => (
            <time dateTime={requestedAt.toISOString()} translate="no" className="whitespace-nowrap">
              {chunks}
            </time>
          ),
        })}
      </p>
      <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('otherBrowser.warning')}</p>
      {form}
    </Card>
  )
}
