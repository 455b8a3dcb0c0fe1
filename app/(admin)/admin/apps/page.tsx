import { Card, PageHeading } from '@/components/ui/card'
import { LocalTime } from '@/components/local-time'
import { requireAdmin } from '@/lib/auth/dal'
import { listApps } from '@/lib/oidc/apps'
import { groupNames } from '@/lib/policy/groups'
import { AppGroupsForm, DisableAppForm, RegisterAppForm, ReplaceSecretForm } from './_components/app-forms'

export const metadata = { title: 'Apps' }

const PAGE = '/admin/apps'

/**
 * For administrators: the apps that sign people in through the portal
 * (OpenID Connect), and registering a new one. The discovery address is what
 * an app's developers need; the rest is on each app's line.
 */
export default async function AppsPage() {
  await requireAdmin(PAGE)
  const [apps, groups] = await Promise.all([listApps(), groupNames()])
  const groupName = new Map(groups.map((group) => [group.id, group.name]))
  return (
    <>
      <PageHeading
        title="Apps"
        description="Apps that sign people in with their portal account (OpenID Connect). Each app gets the sign-in methods and policies of the person’s group, and can ask for a passkey when it matters."
      />
      <Card className="mb-6" labelledBy="apps-heading">
        <h2 id="apps-heading" className="font-semibold">
          Registered apps
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Developers configure their app with the issuer’s discovery document at <code className="font-mono break-all">/.well-known/openid-configuration</code>.
        </p>
        {apps.length === 0 ? (
          <p className="mt-4 text-sm">No app is registered yet.</p>
        ) : (
          <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="apps">
            {apps.map((app) => (
              <li key={app.id} className="py-4">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="font-semibold break-words">{app.name}</span>
                  {app.disabled ? <span className="rounded bg-zinc-100 px-1.5 text-xs font-medium dark:bg-zinc-800">turned off</span> : null}
                  {app.firstParty ? <span className="rounded bg-indigo-50 px-1.5 text-xs font-medium dark:bg-indigo-950">first-party</span> : null}
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  <dt className="text-zinc-600 dark:text-zinc-400">Client id</dt>
                  <dd className="font-mono break-all">{app.id}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Kind</dt>
                  <dd>{app.clientType === 'confidential' ? 'Server-side, with a secret' : 'Public (PKCE only)'}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Needs</dt>
                  <dd>{app.minimumLevel === 'phishing-resistant' ? 'A passkey sign-in' : 'Any sign-in'}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Who may use it</dt>
                  <dd>{app.allowedGroups.length ? app.allowedGroups.map((id) => groupName.get(id) ?? id).join(', ') : 'Everyone'}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Returns to</dt>
                  <dd className="font-mono break-all">{app.redirectUris.join(' ')}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Registered</dt>
                  <dd>
                    <LocalTime iso={app.createdAt.toISOString()} /> by {app.createdBy}
                  </dd>
                </dl>
                {app.disabled ? null : (
                  <div className="mt-3 flex flex-wrap gap-3">
                    {app.clientType === 'confidential' ? <ReplaceSecretForm clientId={app.id} name={app.name} /> : null}
                    <DisableAppForm clientId={app.id} name={app.name} />
                  </div>
                )}
                {app.disabled ? null : (
                  <AppGroupsForm clientId={app.id} name={app.name} groups={groups.map(({ id, name }) => ({ id, name }))} allowed={app.allowedGroups} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card labelledBy="register-heading">
        <h2 id="register-heading" className="mb-4 font-semibold">
          Register an app
        </h2>
        <RegisterAppForm groups={groups.map(({ id, name }) => ({ id, name }))} />
      </Card>
    </>
  )
}
