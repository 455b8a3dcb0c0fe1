import { cookies } from 'next/headers'
import { getTranslations } from 'next-intl/server'
import { PasskeySignIn } from '@/app/(auth)/sign-in/_components/passkey-sign-in'
import { EmailForm } from '@/app/(auth)/sign-in/_components/email-form'
import { chooseLanguageAction } from '@/app/language/actions'
import { LanguageSwitcher } from '@/components/language-switcher'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { DemoAccounts } from './_components/demo-accounts'
import { LastMethodHint } from './_components/last-method-hint'
import { demoPanelAccounts } from '@/lib/demo/accounts'
import { requireAnonymous } from '@/lib/auth/dal'
import { lastMethodCookie, parseLastMethod } from '@/lib/auth/session/last-method'
import { safeReturnPath } from '@/lib/web/return-path'
import { env } from '@/lib/env'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'

export async function generateMetadata() {
  const t = await getTranslations('signIn.page')
  return { title: t('title') }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  await requireAnonymous()
  const t = await getTranslations('signIn')
  const { returnTo, signedOut } = await searchParams
  const back = safeReturnPath(returnTo)
  const { appName, signup } = env()
  const demoAccounts = await demoPanelAccounts()
  // How this browser signed in last (a method, never an account): the page leads with it.
  const last = parseLastMethod((await cookies()).get(lastMethodCookie().name)?.value)
  const email = (
    <EmailForm
      returnTo={back}
      autoFocus={last !== 'passkey'}
      labels={{ email: t('emailForm.label'), placeholder: t('emailForm.placeholder'), submit: t('emailForm.submit'), pending: t('emailForm.pending') }}
    />
  )
  const passkey = (
    <PasskeySignIn
      returnTo={back}
      lead={last === 'passkey'}
      messages={{ ...ceremonyMessages, submit: t('passkey.submit'), pending: t('passkey.pending'), phoneHint: t('passkey.phoneHint') }}
    />
  )
  const or = (
    <div className="my-5 flex items-center gap-3 text-sm text-zinc-500 dark:text-zinc-400" aria-hidden="true">
      <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      {t('page.or')}
      <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
    </div>
  )
  return (
    <>
      {/* First on the page, so someone who can't read this language finds it without scrolling past the demo panel. */}
      <div className="mb-4">
        <LanguageSwitcher
          compact
          action={chooseLanguageAction.bind(null, { status: 'idle' })}
          returnTo={back ? `/sign-in?returnTo=${encodeURIComponent(back)}` : '/sign-in'}
        />
      </div>
      <Card>
        {/* A fixed flag from "Sign out", never words from the address: a link someone else made can only say this. */}
        {signedOut === '1' ? (
          <div className="mb-4">
            <FormMessage tone="success">{t('page.signedOut')}</FormMessage>
          </div>
        ) : null}
        <h1 className="text-2xl font-bold tracking-tight">{t('page.heading', { appName })}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{signup === 'open' ? t('page.introOpen') : t('page.intro')}</p>
        {last === 'passkey' ? (
          <>
            <LastMethodHint>{t('page.lastPasskey')}</LastMethodHint>
            {passkey}
            {or}
            {email}
          </>
        ) : (
          <>
            {last === 'email' ? <LastMethodHint>{t('page.lastEmail')}</LastMethodHint> : null}
            {email}
            {or}
            {passkey}
          </>
        )}
        <p className="mt-5 text-center text-sm">
          {/* A plain link: next/link would add its client code (≈3 KiB) to this page’s JavaScript budget. */}
          <a href="/recover" className="font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
            {t('page.lostPasskey')}
          </a>
        </p>
        {/* Only where texts can be sent at all; whether a number may sign in is the group's to say, on the server. */}
        {env().sms ? (
          <p className="mt-3 text-center text-sm">
            <a
              href={back ? `/sign-in/sms?returnTo=${encodeURIComponent(back)}` : '/sign-in/sms'}
              className="font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300"
            >
              {t('page.textInstead')}
            </a>
          </p>
        ) : null}
        {demoAccounts.length > 0 ? <DemoAccounts accounts={demoAccounts} returnTo={back} /> : null}
      </Card>
    </>
  )
}
