import { notFound } from 'next/navigation'
import { Card } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { consentRequest } from '@/lib/oidc/consent'

export const metadata = { title: 'Share your details with an app?' }

/**
 * The consent screen for apps that are not first-party (OpenID Connect Core
 * 1.0 §3.1.2.4). The form posts to the provider's interaction handler
 * (lib/oidc/interaction.ts), which takes the decision again on the server.
 */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params
  const session = await requireSession(`/authorize/${encodeURIComponent(uid)}`)
  const request = await consentRequest(uid, session.user.id)
  if (!request) notFound()
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight break-words">Sign in to {request.appName}?</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        <span className="font-medium break-words">{request.appName}</span> asks to use your account{' '}
        <span className="font-medium break-all">{session.user.email}</span>. It will receive:
      </p>
      <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        {request.details.map((detail) => (
          <li key={detail}>{detail}</li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">You can remove its access at any time on your Sessions page.</p>
      <form method="post" action={`/oidc/interaction/${encodeURIComponent(uid)}/consent`} className="mt-6 grid gap-3 sm:grid-cols-2">
        <button
          type="submit"
          name="decision"
          value="allow"
          className="rounded-lg bg-indigo-700 px-4 py-2.5 font-semibold text-white hover:bg-indigo-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-400"
        >
          Allow
        </button>
        <button
          type="submit"
          name="decision"
          value="deny"
          className="rounded-lg border border-zinc-300 px-4 py-2.5 font-semibold hover:bg-zinc-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-400 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Don’t allow
        </button>
      </form>
    </Card>
  )
}
