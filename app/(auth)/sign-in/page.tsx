import { EmailForm } from '@/components/sign-in/email-form'
import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'
import { safeReturnPath } from '@/lib/auth/return-path'
import { env } from '@/lib/env'

export const metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAnonymous()
  const { returnTo } = await searchParams
  const { appName, signup } = env()
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Sign in to {appName}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        {signup === 'open'
          ? 'Enter your email. We’ll send you a code and a link; no password needed. New here? This creates your account.'
          : 'Enter your email. We’ll send you a code and a link; no password needed.'}
      </p>
      <EmailForm returnTo={safeReturnPath(returnTo)} />
    </Card>
  )
}
