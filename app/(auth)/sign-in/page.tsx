import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'
import { env } from '@/lib/env'

export const metadata = { title: 'Sign in' }

export default async function SignInPage() {
  await requireAnonymous()
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-12">
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Sign in to {env().appName}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          Passwordless sign-in, by email code, email link or passkey, is being switched on. Please check back shortly.
        </p>
      </Card>
    </main>
  )
}
