import 'server-only'
import { db } from '../db'
import { deleteGrants } from './adapter'
import { sendAppLogouts, type AppLogout } from './app-sessions'

/** An app that holds access to a person's account, for their Sessions page. */
export type AppAccess = { clientId: string; name: string; since: Date; staysSignedIn: boolean }

type GrantPayload = { clientId?: string; iat?: number; openid?: { scope?: string } }

/**
 * The apps a person signed in to and that still hold a grant (their tokens
 * and refresh tokens hang off it), newest first. Reads the person's own
 * rows only (index on accountId, model).
 */
export async function appsWithAccess(userId: string): Promise<AppAccess[]> {
  const grants = await db().oidcPayload.findMany({ where: { accountId: userId, model: 'Grant' }, select: { payload: true, expiresAt: true }, take: 200 })
  const now = Date.now()
  const latest = new Map<string, { since: Date; staysSignedIn: boolean }>()
  for (const grant of grants) {
    if (grant.expiresAt && grant.expiresAt.getTime() <= now) continue
    const payload = JSON.parse(grant.payload) as GrantPayload
    if (!payload.clientId) continue
    const since = new Date((payload.iat ?? 0) * 1000)
    const staysSignedIn = (payload.openid?.scope ?? '').split(' ').includes('offline_access')
    const known = latest.get(payload.clientId)
    if (!known || known.since < since) latest.set(payload.clientId, { since, staysSignedIn: staysSignedIn || (known?.staysSignedIn ?? false) })
  }
  if (latest.size === 0) return []
  const apps = await db().oidcApp.findMany({ where: { id: { in: [...latest.keys()] } }, select: { id: true, name: true } })
  return apps.map((app) => ({ clientId: app.id, name: app.name, ...latest.get(app.id)! })).sort((a, b) => b.since.getTime() - a.since.getTime())
}

/**
 * Removes one app's access to a person's account: its grants (and with them
 * every token, refresh tokens included) go, and it gets a back-channel logout
 * for each session the person has with it. Null when it had none; else the app's name.
 */
export async function revokeAppAccess(userId: string, clientId: string): Promise<{ name: string } | null> {
  const { revoked, logouts } = await db().$transaction(async (tx) => {
    const grants = await tx.oidcPayload.findMany({ where: { accountId: userId, model: 'Grant', clientId }, select: { id: true } })
    const sessions = await tx.oidcPayload.findMany({ where: { accountId: userId, model: 'Session' }, select: { payload: true } })
    const logouts: AppLogout[] = []
    for (const session of sessions) {
      const authorization = (JSON.parse(session.payload) as { authorizations?: Record<string, { sid?: string }> }).authorizations?.[clientId]
      if (authorization?.sid) logouts.push({ clientId, accountId: userId, sid: authorization.sid })
    }
    const ids = grants.map((grant) => grant.id)
    await deleteGrants(userId, ids, tx)
    return { revoked: ids.length > 0, logouts }
  })
  if (!revoked) return null
  sendAppLogouts(logouts)
  const app = await db().oidcApp.findUnique({ where: { id: clientId }, select: { name: true } })
  return { name: app?.name ?? clientId }
}

type GrantRow = { id: string; accountId: string | null; clientId: string | null }

/**
 * Revokes the grants (and with them every token, refresh tokens included) that
 * people hold for apps no longer open to their group: after people moved to
 * another group, or after an app's allowed groups changed. Runs in `client`'s
 * transaction when given and returns the logout tokens to send once it has
 * committed (lib/oidc/app-sessions.ts), and how many people lost access. The token endpoint and userinfo check
 * the group at every use too (findAccount in lib/oidc/provider-checks.ts); this ends
 * what is left, and tells the apps.
 */
export async function revokeGrantsOutsideAllowedGroups(
  scope: { userIds: string[] } | { clientId: string },
  client: Pick<ReturnType<typeof db>, 'oidcPayload' | 'oidcApp' | 'user'> = db(),
): Promise<{ logouts: AppLogout[]; people: number }> {
  // Index (accountId, model) or (clientId, model).
  const grants: GrantRow[] = await client.oidcPayload.findMany({
    where: 'clientId' in scope ? { clientId: scope.clientId, model: 'Grant' } : { accountId: { in: scope.userIds }, model: 'Grant' },
    select: { id: true, accountId: true, clientId: true },
  })
  if (grants.length === 0) return { logouts: [], people: 0 }
  const clientIds = [...new Set(grants.flatMap((grant) => (grant.clientId ? [grant.clientId] : [])))]
  const accountIds = [...new Set(grants.flatMap((grant) => (grant.accountId ? [grant.accountId] : [])))]
  const [apps, users] = await Promise.all([
    client.oidcApp.findMany({ where: { id: { in: clientIds } }, select: { id: true, allowedGroups: true } }),
    client.user.findMany({ where: { id: { in: accountIds } }, select: { id: true, groupId: true } }),
  ])
  const allowed = new Map(apps.map((app) => [app.id, JSON.parse(app.allowedGroups) as string[]]))
  const groupOf = new Map(users.map((user) => [user.id, user.groupId]))
  const revoked = new Map<string, { grantIds: string[]; clientIds: Set<string> }>()
  for (const grant of grants) {
    if (!grant.accountId || !grant.clientId) continue
    const groups = allowed.get(grant.clientId) ?? []
    // An app open to every group (no list) stays open; a person without a row has nothing left to keep.
    if (groups.length === 0 || groups.includes(groupOf.get(grant.accountId) ?? '')) continue
    const entry = revoked.get(grant.accountId) ?? { grantIds: [], clientIds: new Set<string>() }
    entry.grantIds.push(grant.id)
    entry.clientIds.add(grant.clientId)
    revoked.set(grant.accountId, entry)
  }
  const logouts: AppLogout[] = []
  for (const [accountId, entry] of revoked) {
    await deleteGrants(accountId, entry.grantIds, client)
    const sessions = await client.oidcPayload.findMany({ where: { accountId, model: 'Session' }, select: { payload: true } })
    for (const session of sessions) {
      const authorizations = (JSON.parse(session.payload) as { authorizations?: Record<string, { sid?: string }> }).authorizations ?? {}
      for (const clientId of entry.clientIds) {
        const sid = authorizations[clientId]?.sid
        if (sid) logouts.push({ clientId, accountId, sid })
      }
    }
  }
  return { logouts, people: revoked.size }
}
