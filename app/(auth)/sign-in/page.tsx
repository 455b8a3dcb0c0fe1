import { PasskeySignIn } from '@/app/(auth)/sign-in/_components/passkey-sign-in'
import { EmailForm } from '@/app/(auth)/sign-in/_components/email-form'
import { Card } from '@/components/ui/card'
import { DemoAccounts } from './_components/demo-accounts'
import { demoPanelAccounts } from '@/lib/demo/accounts'
import { requireAnonymous } from '@/lib/auth/dal'
import { safeReturnPath } from '@/lib/web/return-path'
import { env } from '@/lib/env'
import { passkeyCeremonyMessages } from '@/lib/errors'

const ceremonyMessages = passkeyCeremonyMessages()

export const metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAnonymous()
  const { returnTo } = await searchParams
  const { appName, signup } = env()
  const demoAccounts = await demoPanelAccounts()
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Sign in to {appName}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        {signup === 'open'
          ? 'Enter your email. We’ll send you a code and a link; no password needed. New here? This creates your account.'
          : 'Enter your email. We’ll send you a code and a link; no password needed.'}
      </p>
      <EmailForm returnTo={safeReturnPath(returnTo)} />
      <div className="my-5 flex items-center gap-3 text-sm text-zinc-500 dark:text-zinc-400" aria-hidden="true">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        or
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <PasskeySignIn returnTo={safeReturnPath(returnTo)} messages={ceremonyMessages} />
      <p className="mt-5 text-center text-sm">
        {/* A plain link: next/link would add its client code (≈3 KiB) to this page’s JavaScript budget. */}
        <a href="/recover" className="font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
          Lost your passkey?
        </a>
      </p>
      {demoAccounts.length > 0 ? <DemoAccounts accounts={demoAccounts} returnTo={safeReturnPath(returnTo)} /> : null}
    </Card>
  )
}
