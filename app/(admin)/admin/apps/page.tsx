import { getFormatter, getTranslations } from 'next-intl/server'
import { Card, PageHeading } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { listApps } from '@/lib/oidc/apps'
import { groupNames } from '@/lib/policy/groups'
import { data, timeTag } from '@/components/ui/data'
import { ZoneNote } from '../_components/zone-note'
import { AppGroupsForm, DisableAppForm, RegisterAppForm, ReplaceSecretForm, type AppFormLabels } from './_components/app-forms'
import { StreamStatus } from './_components/stream-status'

export async function generateMetadata() {
  const t = await getTranslations('admin.apps')
  return { title: t('title') }
}

const PAGE = '/admin/apps'
const DISCOVERY = '/.well-known/openid-configuration'

/** Every word the app forms show, from the catalogue (the forms run in the browser, without it). */
async function formLabels(): Promise<AppFormLabels> {
  const t = await getTranslations('admin.apps.form')
  return {
    name: t('name'),
    redirectUris: t('redirectUris'),
    redirectUrisHint: t('redirectUrisHint'),
    logoutUris: t('logoutUris'),
    logoutUrisHint: t('logoutUrisHint'),
    backchannel: t('backchannel'),
    backchannelHint: t('backchannelHint'),
    kind: t('kind'),
    kindConfidential: t('kindConfidential'),
    kindPublic: t('kindPublic'),
    level: t('level'),
    levelEmail: t('levelEmail'),
    levelPasskey: t('levelPasskey'),
    groups: t('groups'),
    groupsHint: t('groupsHint'),
    groupsChangeHint: t('groupsChangeHint'),
    firstParty: t('firstParty'),
    deviceSignIn: t('deviceSignIn'),
    refreshOutlives: t('refreshOutlives'),
    signingAlg: t('signingAlg'),
    es256: t('es256'),
    rs256: t('rs256'),
    register: t('register'),
    registering: t('registering'),
    clientIdIs: t('clientIdIs'),
    secretShown: t('secretShown'),
    replaceSecret: t('replaceSecret'),
    replacing: t('replacing'),
    turnOff: t('turnOff'),
    turningOff: t('turningOff'),
    saveGroups: t('saveGroups'),
    saving: t('saving'),
  }
}

/**
 * For administrators: the apps that sign people in through the portal
 * (OpenID Connect), and registering a new one. The discovery address is what
 * an app's developers need; the rest is on each app's line.
 */
export default async function AppsPage() {
  await requireAdmin(PAGE)
  const [apps, groups, t, format, labels] = await Promise.all([listApps(), groupNames(), getTranslations('admin.apps'), getFormatter(), formLabels()])
  const groupName = new Map(groups.map((group) => [group.id, group.name]))
  const choices = groups.map(({ id, name }) => ({ id, name }))
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      <Card className="mb-6" labelledBy="apps-heading">
        <h2 id="apps-heading" className="font-semibold">
          {t('registered.heading')}
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {t.rich('registered.discovery', {
            path: DISCOVERY,
            code: (chunks) => (
              <code translate="no" className="font-mono break-all">
                {chunks}
              </code>
            ),
          })}
        </p>
        {apps.length === 0 ? (
          <p className="mt-4 text-sm">{t('registered.none')}</p>
        ) : (
          <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="apps">
            {apps.map((app) => (
              <li key={app.id} className="py-4">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="font-semibold break-words" translate="no">
                    {app.name}
                  </span>
                  {app.disabled ? <span className="rounded bg-zinc-100 px-1.5 text-xs font-medium dark:bg-zinc-800">{t('registered.off')}</span> : null}
                  {app.firstParty ? (
                    <span className="rounded bg-indigo-50 px-1.5 text-xs font-medium dark:bg-indigo-950">{t('registered.firstParty')}</span>
                  ) : null}
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.clientId')}</dt>
                  <dd className="font-mono break-all" translate="no">
                    {app.id}
                  </dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.kind')}</dt>
                  <dd>{app.clientType === 'confidential' ? t('registered.confidential') : t('registered.public')}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.needs')}</dt>
                  <dd>{app.minimumLevel === 'phishing-resistant' ? t('registered.passkeyLevel') : t('registered.anyLevel')}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.who')}</dt>
                  <dd>
                    {app.allowedGroups.length ? (
                      <span translate="no">
                        {format.list(
                          app.allowedGroups.map((id) => groupName.get(id) ?? id),
                          { type: 'unit', style: 'short' },
                        )}
                      </span>
                    ) : (
                      t('registered.everyone')
                    )}
                  </dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.returnsTo')}</dt>
                  <dd className="font-mono break-all" translate="no">
                    {app.redirectUris.join(' ') || '—'}
                  </dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.signsIn')}</dt>
                  <dd>{app.deviceSignIn ? t(app.redirectUris.length ? 'registered.browserAndDevices' : 'registered.onDevices') : t('registered.inBrowser')}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.signals')}</dt>
                  <dd data-testid="app-signals">
                    <StreamStatus signals={app.signals} />
                  </dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.refreshTokens')}</dt>
                  <dd>{app.refreshOutlivesSession ? t('registered.refreshOutlive') : t('registered.refreshEnd')}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">{t('registered.registered')}</dt>
                  <dd>
                    {t.rich('registered.registeredBy', {
                      at: format.dateTime(app.createdAt, 'time'),
                      by: app.createdBy,
                      time: timeTag(app.createdAt),
                      data,
                    })}
                  </dd>
                </dl>
                {app.disabled ? null : (
                  <div className="mt-3 flex flex-wrap gap-3">
                    {app.clientType === 'confidential' ? (
                      <ReplaceSecretForm clientId={app.id} labels={labels} named={t('form.replaceSecretFor', { name: app.name })} />
                    ) : null}
                    <DisableAppForm clientId={app.id} labels={labels} named={t('form.turnOffNamed', { name: app.name })} />
                  </div>
                )}
                {app.disabled ? null : (
                  <AppGroupsForm
                    clientId={app.id}
                    summary={t('form.changeGroups', { name: app.name })}
                    labels={labels}
                    groups={choices}
                    allowed={app.allowedGroups}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card labelledBy="register-heading">
        <h2 id="register-heading" className="mb-4 font-semibold">
          {t('registerHeading')}
        </h2>
        <RegisterAppForm groups={choices} labels={labels} />
      </Card>
    </>
  )
}
