import { getTranslations } from 'next-intl/server'
import { data } from '@/components/ui/data'
import { DeviceName, deviceText } from '@/app/(account)/account/_components/device-name'
import {
  RevokeAppAccessForm,
  RevokeOtherSessionsForm,
  RevokeSessionForm,
  type SessionFormLabels,
} from '@/app/(account)/account/sessions/_components/session-forms'
import { appsWithAccess } from '@/lib/oidc/grants'
import { Time } from '@/components/time'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { listSessions } from '@/lib/auth/session/list'

export async function generateMetadata() {
  const t = await getTranslations('account.sessions')
  return { title: t('title') }
}

/** Where this account is signed in, and the way to end any of it; times in the reader's zone. */
export default async function SessionsPage() {
  const session = await requireSession('/account/sessions')
  const [sessions, apps, t] = await Promise.all([listSessions(session.user.id, session.sessionId), appsWithAccess(session.user.id), getTranslations('account')])
  const others = sessions.filter((item) => !item.current).length
  const devices = await Promise.all(sessions.map((item) => deviceText(item.device)))
  const labels: SessionFormLabels = {
    signOut: t('sessions.signOut'),
    signingOut: t('sessions.signingOut'),
    signOutOthers: t('sessions.signOutOthers'),
    onlyThisBrowser: t('sessions.onlyThisBrowser'),
    removeAccess: t('sessions.apps.remove'),
    removing: t('sessions.apps.removing'),
  }
  return (
    <>
      <PageHeading title={t('sessions.title')} description={t('sessions.description')} />
      <ul className="space-y-3">
        {sessions.map((item, index) => (
          <li key={item.id}>
            <Card className="flex flex-wrap items-start justify-between gap-4">
              <div className="min-w-0" data-testid="session">
                <h2 className="font-semibold">
                  <DeviceName device={item.device} position="start" />
                  {item.current ? (
                    <span className="ms-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                      {t('sessions.thisDevice')}
                    </span>
                  ) : null}
                </h2>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  {t.rich('sessions.details', {
                    method: t(`methods.${item.method}`),
                    ip: () => (item.ipAddress ? data(item.ipAddress) : t('sessions.ipUnknown')),
                    signedIn: () => <Time at={item.createdAt} />,
                    lastActive: () => <Time at={item.lastSeenAt} />,
                  })}
                </p>
              </div>
              {item.current ? null : <RevokeSessionForm sessionId={item.id} label={t('sessions.signOutDevice', { device: devices[index]! })} labels={labels} />}
            </Card>
          </li>
        ))}
      </ul>
      <div className="mt-6">
        <RevokeOtherSessionsForm others={others} labels={labels} />
      </div>
      <h2 className="mt-10 mb-1 text-lg font-semibold">{t('sessions.apps.heading')}</h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('sessions.apps.text')}</p>
      {apps.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-apps">
          {t('sessions.apps.none')}
        </p>
      ) : (
        <ul className="space-y-3">
          {apps.map((app) => (
            <li key={app.clientId}>
              <Card className="flex flex-wrap items-start justify-between gap-4">
                <div className="min-w-0" data-testid="app-access">
                  <h3 className="font-semibold break-words" translate="no">
                    {app.name}
                  </h3>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    {t.rich(app.staysSignedIn ? 'sessions.apps.sinceStays' : 'sessions.apps.since', { time: () => <Time at={app.since} /> })}
                  </p>
                </div>
                <RevokeAppAccessForm clientId={app.clientId} label={t('sessions.apps.removeNamed', { name: app.name })} labels={labels} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
