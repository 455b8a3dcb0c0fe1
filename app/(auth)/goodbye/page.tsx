import { Card } from '@/components/ui/card'

export const metadata = { title: 'Account deleted' }

/** Where a deleted account lands: what happened and what is left to do on the device. */
export default function GoodbyePage() {
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Your account was deleted</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Your passkeys, recovery codes and sessions are gone, and we emailed a confirmation to your addresses. Your device or password manager may still list the
        passkey: you can remove it there, it won’t sign in anymore.
      </p>
      <a href="/sign-in" className="mt-6 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        Back to sign in
      </a>
    </Card>
  )
}
