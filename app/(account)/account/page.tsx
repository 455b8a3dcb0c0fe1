import Link from 'next/link'
import { LocalTime } from '@/components/local-time'
import { ReadinessNotice } from '@/components/recovery/readiness-notice'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { passkeyNudgeShown } from '@/lib/auth/passkeys/nudge-view'
import { SIGN_IN_METHOD_LABELS } from '@/lib/auth/session/methods'
import { passkeySuggested } from '@/lib/policy/decide'
import { recoveryReadiness } from '@/lib/recovery/readiness'

export const metadata = { title: 'Overview' }

const SECTIONS = [
  { href: '/account/passkeys', title: 'Passkeys', text: 'Sign in with your device instead of a password.' },
  { href: '/account/recovery', title: 'Recovery', text: 'Ways back in if you lose your device.' },
  { href: '/account/activity', title: 'Activity', text: 'Recent sign-ins and security changes.' },
  { href: '/account/sessions', title: 'Sessions', text: 'Where you are signed in right now.' },
  { href: '/account/profile', title: 'Profile', text: 'Your name, email address and data.' },
]

export default async function AccountOverviewPage() {
  const { user, method, signedInAt, policy } = await requireSession('/account')
  const [readiness, nudged] = await Promise.all([recoveryReadiness(user.id), passkeyNudgeShown(user.id, method, passkeySuggested(policy))])
  return (
    <>
      <PageHeading title={user.displayName ? `Hello, ${user.displayName}` : 'Your account'} description={user.email} />
      {/* The passkey offer above already asks for the passkey this notice would ask for: one prompt a page. */}
      <ReadinessNotice readiness={readiness} withAction={!(nudged && readiness.state === 'no_passkey')} />
      <Card className="mb-6">
        <h2 className="text-sm font-semibold text-zinc-500 dark:text-zinc-400">This browser</h2>
        <p className="mt-1" data-testid="session-summary">
          Signed in with <strong>{SIGN_IN_METHOD_LABELS[method]}</strong> on <LocalTime iso={signedInAt.toISOString()} />.
        </p>
      </Card>
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link
              href={section.href}
              className="block h-full rounded-xl border border-zinc-200 bg-white p-5 shadow-sm transition-colors hover:border-indigo-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-500/60"
            >
              <h2 className="font-semibold">{section.title}</h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{section.text}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  )
}
