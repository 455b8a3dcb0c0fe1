import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { consentRequest } from '@/lib/oidc/consent'
import { data } from '@/components/ui/data'

export async function generateMetadata() {
  const t = await getTranslations('demo.consent')
  return { title: t('title') }
}

/**
 * The consent screen for apps that are not first-party (OpenID Connect Core
 * 1.0 §3.1.2.4). The form posts to the provider's interaction handler
 * (lib/oidc/interaction.ts), which takes the decision again on the server.
 * The app's name and the person's address are data: never translated.
 */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params
  const session = await requireSession(`/authorize/${encodeURIComponent(uid)}`)
  const request = await consentRequest(uid, session.user.id)
  if (!request) notFound()
  const t = await getTranslations('demo.consent')
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight break-words">{t.rich('heading', { appName: request.appName, app: data })}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {t.rich('asks', {
          appName: request.appName,
          email: session.user.email,
          app: (chunks) => (
            <span className="font-medium break-words" translate="no">
              {chunks}
            </span>
          ),
          address: (chunks) => (
            <span className="font-medium break-all" translate="no">
              {chunks}
            </span>
          ),
        })}
      </p>
      <ul className="mt-4 list-disc space-y-1 ps-5 text-sm text-zinc-700 dark:text-zinc-300">
        {request.scopes.map((scope) => (
          <li key={scope}>{t(`scopes.${scope}`)}</li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('remove')}</p>
      <form method="post" action={`/oidc/interaction/${encodeURIComponent(uid)}/consent`} className="mt-6 grid gap-3 sm:grid-cols-2">
        <button
          type="submit"
          name="decision"
          value="allow"
          className="rounded-lg bg-indigo-700 px-4 py-2.5 font-semibold text-white hover:bg-indigo-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-400"
        >
          {t('allow')}
        </button>
        <button
          type="submit"
          name="decision"
          value="deny"
          className="rounded-lg border border-zinc-300 px-4 py-2.5 font-semibold hover:bg-zinc-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-400 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          {t('deny')}
        </button>
      </form>
    </Card>
  )
}
