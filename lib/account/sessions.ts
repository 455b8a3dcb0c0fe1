import 'server-only'
import { signOutElsewhere } from '../auth/session/sign-out-elsewhere'
import { revokeSession as deleteSessionRow } from '../auth/session/store'
import { db } from '../db'
import { endAppSessions, sendAppLogouts } from '../oidc/app-sessions'
import { appSessionOf } from '../oidc/browser-session'
import { revokeAppAccess as deleteAppGrants } from '../oidc/grants'
import type { UseCaseContext } from '../use-case'

/** The caller as these use cases need it: whose account, and which session is this browser's. */
type Caller = { user: { id: string }; sessionId: string }

export type RevokeSessionOutcome = { ok: true } | { ok: false; reason: 'not_found' }

/**
 * Signs out one of the person's other browsers (its next request finds no
 * session) and the apps it signed in to: the row, its app sessions and the
 * history row in one transaction, the apps' logout tokens once it has
 * committed. Only the person's own sessions are found; this browser's is not
 * one of them (signing out here is the sign-out button).
 */
export async function revokeSession(input: { sessionId: string }, session: Caller, ctx: UseCaseContext): Promise<RevokeSessionOutcome> {
  if (input.sessionId === session.sessionId) return { ok: false, reason: 'not_found' }
  const userId = session.user.id
  const logouts = await db().$transaction(async (tx) => {
    const revoked = await deleteSessionRow(userId, input.sessionId, tx)
    if (!revoked) return null
    const logouts = revoked.appSessionId ? await endAppSessions(userId, { onlySession: revoked.appSessionId }, tx) : []
    await ctx.audit({ type: 'session_revoked', result: 'success', detail: { revoked: input.sessionId } }, tx)
    return logouts
  })
  if (!logouts) return { ok: false, reason: 'not_found' }
  sendAppLogouts(logouts)
  return { ok: true }
}

/** "Sign out all other sessions", and the apps signed in to from them; this browser stays. Returns how many ended. */
export async function signOutOtherSessions(session: Caller, ctx: UseCaseContext): Promise<{ ok: true; signedOut: number }> {
  const signedOut = await signOutElsewhere({
    userId: session.user.id,
    keepSessionId: session.sessionId,
    appSession: appSessionOf(ctx.cookies),
    audit: ctx.audit,
  })
  return { ok: true, signedOut }
}

export type RevokeAppAccessOutcome = { ok: true; app: string } | { ok: false; reason: 'not_found' }

/** Removes an app's access to the person's account: its tokens stop working and it is told to sign them out. */
export async function revokeAppAccess(input: { clientId: string }, session: Caller, ctx: UseCaseContext): Promise<RevokeAppAccessOutcome> {
  const app = await deleteAppGrants(session.user.id, input.clientId)
  if (!app) return { ok: false, reason: 'not_found' }
  await ctx.audit({ type: 'app_access_revoked', result: 'success', detail: { clientId: input.clientId, app: app.name } })
  return { ok: true, app: app.name }
}
