import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { errorFields, log } from '../ops/log'
import { onShutdown } from '../ops/shutdown'
import { deleteGrants } from './adapter'
import { oidcProvider } from './provider'

/**
 * When a person's portal sessions end, so do their app sessions: the apps
 * they signed in to get a logout token at their back-channel logout URI
 * (OpenID Connect Back-Channel Logout 1.0 §2.5), and the grants behind their
 * tokens are revoked, refresh tokens included (RFC 7009 §2.1: revoking a
 * grant ends its tokens). The provider's own sessions follow the portal's
 * anyway (the portal_session check in lib/oidc/provider-checks.ts).
 */

type Client = Pick<ReturnType<typeof db>, 'oidcPayload' | 'oidcApp'>

/** One logout token to send: the app, the person, and the provider session's id for that app. */
export type AppLogout = { clientId: string; accountId: string; sid: string }

type SessionPayload = { accountId?: string; authorizations?: Record<string, { sid?: string; grantId?: string }> }

/**
 * Revokes a person's app sessions and grants, in `client`'s transaction when
 * given, and returns the logout tokens to send once it has committed.
 * `keepSession`: the provider session of the browser that keeps its portal
 * session ("sign out everywhere else"); `onlySession`: just that one (sign
 * out in this browser, a timeout, another browser signed out from the
 * Sessions page). `keepOutliving`: the session ended in the ordinary way
 * (signed out in that browser, or timed out), so the grants of apps
 * registered with refresh tokens that outlive the portal session stay
 * (their logout tokens still go); a session ended by someone's decision
 * (from another browser, signed out everywhere, suspended) takes every
 * grant made from it (ADR 37). A kept browser never keeps the grants of
 * apps that sign in on devices: a device approved from it is ended with the
 * others, so "sign out everywhere else" reaches a device phished with a code.
 */
export async function endAppSessions(
  userId: string,
  scope: { keepSession?: string; onlySession?: string; keepOutliving?: boolean } = {},
  client: Client = db(),
): Promise<AppLogout[]> {
  const sessions = await client.oidcPayload.findMany({
    where: { accountId: userId, model: 'Session', ...(scope.onlySession ? { id: scope.onlySession } : {}) },
    select: { id: true, payload: true },
  })
  const logouts: AppLogout[] = []
  const endedGrants: string[] = []
  const keptGrants: string[] = []
  for (const session of sessions) {
    const payload = JSON.parse(session.payload) as SessionPayload
    const kept = session.id === scope.keepSession
    for (const [clientId, authorization] of Object.entries(payload.authorizations ?? {})) {
      if (authorization.grantId) (kept ? keptGrants : endedGrants).push(authorization.grantId)
      if (!kept && authorization.sid) logouts.push({ clientId, accountId: userId, sid: authorization.sid })
    }
  }
  const endedSessions = sessions.filter((session) => session.id !== scope.keepSession).map((session) => session.id)
  if (scope.onlySession) {
    await deleteGrants(userId, scope.keepOutliving ? await grantsNotOutliving(endedGrants, client) : endedGrants, client)
  } else {
    const deviceGrants = await grantsOfDeviceApps(keptGrants, client)
    keptGrants.splice(0, keptGrants.length, ...keptGrants.filter((grant) => !deviceGrants.has(grant)))
    // Every grant of the person (refresh tokens outlive sessions), and what hangs off it, but those of the browser that
    // stays signed in. Grant rows have no grantId of their own, so they are matched by id (a NULL is never NOT IN).
    await client.oidcPayload.deleteMany({ where: { accountId: userId, grantId: { not: null, notIn: keptGrants } } })
    await client.oidcPayload.deleteMany({ where: { accountId: userId, model: 'Grant', id: { notIn: keptGrants } } })
  }
  if (endedSessions.length) await client.oidcPayload.deleteMany({ where: { model: 'Session', id: { in: endedSessions } } })
  return logouts
}

/** The grants among `grantIds` whose apps have `setting` on. */
async function grantsOfAppsWith(grantIds: string[], setting: 'refreshOutlivesSession' | 'deviceSignIn', client: Client): Promise<Set<string>> {
  if (grantIds.length === 0) return new Set()
  const grants = await client.oidcPayload.findMany({ where: { model: 'Grant', id: { in: grantIds } }, select: { id: true, clientId: true } })
  const clientIds = [...new Set(grants.map((grant) => grant.clientId).filter((id): id is string => id !== null))]
  if (clientIds.length === 0) return new Set()
  const apps = await client.oidcApp.findMany({ where: { id: { in: clientIds }, [setting]: true }, select: { id: true } })
  const marked = new Set(apps.map((app) => app.id))
  return new Set(grants.filter((grant) => grant.clientId !== null && marked.has(grant.clientId)).map((grant) => grant.id))
}

/** The grants among `grantIds` whose apps do not keep their refresh tokens past the portal session. */
async function grantsNotOutliving(grantIds: string[], client: Client): Promise<string[]> {
  const outliving = await grantsOfAppsWith(grantIds, 'refreshOutlivesSession', client)
  return grantIds.filter((id) => !outliving.has(id))
}

const grantsOfDeviceApps = (grantIds: string[], client: Client) => grantsOfAppsWith(grantIds, 'deviceSignIn', client)

const KEY = Symbol.for('passkey-portal.app-logouts')
const pending = ((globalThis as unknown as Record<typeof KEY, Set<Promise<void>> | undefined>)[KEY] ??= new Set())
let drainRegistered = false

/**
 * Sends the logout tokens in the background (an app that is slow to answer
 * must not hold up a sign-out); each delivery is recorded in the audit log.
 * A shutdown waits for those under way.
 */
export function sendAppLogouts(logouts: AppLogout[], options: { accountErased?: boolean } = {}): void {
  if (logouts.length === 0) return
  if (!drainRegistered) {
    drainRegistered = true
    onShutdown('back-channel logouts', () => Promise.all([...pending]))
  }
  const delivery = deliver(logouts, options.accountErased === true).finally(() => pending.delete(delivery))
  pending.add(delivery)
}

/** Waits for the logout tokens under way (tests, and the shutdown hook). */
export async function appLogoutsSent(): Promise<void> {
  await Promise.all([...pending])
}

/** Posts each logout token and records how it went, in the person's history (or anonymously once their account is erased). */
async function deliver(logouts: AppLogout[], accountErased: boolean): Promise<void> {
  const provider = await oidcProvider()
  await Promise.all(
    logouts.map(async ({ clientId, accountId, sid }) => {
      const client = await provider.Client.find(clientId).catch(() => undefined)
      if (!client?.backchannelLogoutUri) return
      let delivered = true
      try {
        // Client#backchannelLogout signs and posts the logout token (oidc-provider's own implementation of §2.4–2.5).
        await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(accountId, sid)
      } catch (error) {
        delivered = false
        log().warn({ ...errorFields(error), clientId }, 'An app did not accept its back-channel logout token')
      }
      await recordEvent({
        type: 'app_logout_sent',
        result: delivered ? 'success' : 'failure',
        userId: accountErased ? null : accountId,
        ...(delivered ? {} : { reason: 'app_logout_undelivered' as const }),
        detail: { app: client.clientName ?? clientId, clientId },
      }).catch((error: unknown) => log().warn(errorFields(error), 'A back-channel logout could not be recorded'))
    }),
  )
}

/**
 * Portal sessions that timed out (maintenance, before it deletes them): the
 * provider session each one used ends with it, and its apps get their logout
 * tokens, as if the person had signed out in that browser. The provider
 * would not use such a session anyway (the portal_session check compares it
 * with the portal session the browser holds); this ends the apps' part too.
 * Returns how many provider sessions ended, once their tokens were sent.
 */
export async function endAppSessionsOfTimedOutSessions(ended: { userId: string; appSessionId: string | null }[]): Promise<number> {
  const logouts: AppLogout[] = []
  for (const session of ended) {
    if (session.appSessionId) logouts.push(...(await endAppSessions(session.userId, { onlySession: session.appSessionId, keepOutliving: true })))
  }
  sendAppLogouts(logouts)
  await appLogoutsSent()
  return ended.filter((session) => session.appSessionId).length
}

/** Signing out one browser (this one, or another from the Sessions page): the apps signed in to from it. */
export async function signOutOfBrowserApps(userId: string, appSession: string | undefined): Promise<void> {
  if (appSession) sendAppLogouts(await endAppSessions(userId, { onlySession: appSession, keepOutliving: true }))
}
