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
