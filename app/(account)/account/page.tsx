import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { data } from '@/components/ui/data'
import { ReadinessNotice } from '@/components/recovery/readiness-notice'
import { Time } from '@/components/time'
import { Card } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { passkeyNudgeShown } from '@/lib/auth/passkeys/nudge-view'
import { recoveryReadiness } from '@/lib/recovery/readiness'

export async function generateMetadata() {
  const t = await getTranslations('account.overview')
  return { title: t('title') }
}

const SECTIONS = [
  { href: '/account/passkeys', key: 'passkeys' },
  { href: '/account/recovery', key: 'recovery' },
  { href: '/account/activity', key: 'activity' },
  { href: '/account/sessions', key: 'sessions' },
  { href: '/account/profile', key: 'profile' },
] as const

export default async function AccountOverviewPage() {
  const { user, method, signedInAt } = await requireSession('/account')
  const [readiness, nudged, t] = await Promise.all([recoveryReadiness(user.id), passkeyNudgeShown(user.id, method), getTranslations('account')])
  return (
    <>
      <header className="mb-6">
        <h1 className="text-2xl font-bold tracking-tight">
          {user.displayName ? t.rich('overview.hello', { name: user.displayName, data }) : t('overview.yourAccount')}
        </h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400" translate="no">
          {user.email}
        </p>
      </header>
      {/* The passkey offer above already asks for the passkey this notice would ask for: one prompt a page. */}
      <ReadinessNotice readiness={readiness} withAction={!(nudged && readiness.state === 'no_passkey')} />
      <Card className="mb-6">
        <h2 className="text-sm font-semibold text-zinc-500 dark:text-zinc-400">{t('overview.thisBrowser')}</h2>
        <p className="mt-1" data-testid="session-summary">
          {t.rich('overview.signedInWith', {
            method: t(`methods.${method}`),
            b: (chunks) => <strong>{chunks}</strong>,
            time: () => <Time at={signedInAt} />,
          })}
        </p>
      </Card>
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link
              href={section.href}
              className="block h-full rounded-xl border border-zinc-200 bg-white p-5 shadow-sm transition-colors hover:border-indigo-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-500/60"
            >
              <h2 className="font-semibold">{t(`overview.sections.${section.key}.title`)}</h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t(`overview.sections.${section.key}.text`)}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  )
}
