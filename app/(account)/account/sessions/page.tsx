import { LocalTime } from '@/components/local-time'
import { RevokeAppAccessForm, RevokeOtherSessionsForm, RevokeSessionForm } from '@/app/(account)/account/sessions/_components/session-forms'
import { appsWithAccess } from '@/lib/oidc/grants'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { SIGN_IN_METHOD_LABELS } from '@/lib/auth/session/methods'
import { listSessions } from '@/lib/auth/session/list'

export const metadata = { title: 'Sessions' }

/** Where this account is signed in, and the way to end any of it. */
export default async function SessionsPage() {
  const session = await requireSession('/account/sessions')
  const [sessions, apps] = await Promise.all([listSessions(session.user.id, session.sessionId), appsWithAccess(session.user.id)])
  const others = sessions.filter((item) => !item.current).length
  return (
    <>
      <PageHeading title="Sessions" description="Browsers and devices where you are signed in. Sign out any you don’t recognise or no longer use." />
      <ul className="space-y-3">
        {sessions.map((item) => (
          <li key={item.id}>
            <Card className="flex flex-wrap items-start justify-between gap-4">
              <div className="min-w-0" data-testid="session">
                <h2 className="font-semibold">
                  {item.device}
                  {item.current ? (
                    <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                      This device
                    </span>
                  ) : null}
                </h2>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  {SIGN_IN_METHOD_LABELS[item.method]} · IP {item.ipAddress ?? 'unknown'} · signed in <LocalTime iso={item.createdAt.toISOString()} /> · last
                  active <LocalTime iso={item.lastSeenAt.toISOString()} />
                </p>
              </div>
              {item.current ? null : <RevokeSessionForm sessionId={item.id} device={item.device} />}
            </Card>
          </li>
        ))}
      </ul>
      <div className="mt-6">
        <RevokeOtherSessionsForm others={others} />
      </div>
      <h2 className="mt-10 mb-1 text-lg font-semibold">Apps you signed in to</h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Apps that use your account to sign you in. Removing one signs you out of it.</p>
      {apps.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-apps">
          No app has access to your account.
        </p>
      ) : (
        <ul className="space-y-3">
          {apps.map((app) => (
            <li key={app.clientId}>
              <Card className="flex flex-wrap items-start justify-between gap-4">
                <div className="min-w-0" data-testid="app-access">
                  <h3 className="font-semibold break-words">{app.name}</h3>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    Signed in <LocalTime iso={app.since.toISOString()} />
                    {app.staysSignedIn ? ' · stays signed in until you remove it' : ''}
                  </p>
                </div>
                <RevokeAppAccessForm clientId={app.clientId} name={app.name} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
