import 'server-only'
import { recordEvent } from '../audit/record'
import { sessionCookie } from '../auth/session/cookie'
import { deleteSessionBySecret, findActiveSession } from '../auth/session/store'
import { db } from '../db'
import { deleteGrants } from './adapter'

/**
 * RP-Initiated Logout 1.0 §2, finished the portal's way. The provider asks
 * first (lib/oidc/pages.ts) and has two answers:
 * - "Sign out" (logout=yes) ends this browser's provider session; the portal
 *   session ends with it, one session, one sign-out;
 * - "Stay signed in" ends only the asking app's part.
 *
 * Either way the grants behind what ends are revoked, refresh tokens
 * included. oidc-provider keeps offline_access grants past a logout (its
 * persistsLogout), but in the portal signing out ends an app's access, as the
 * portal's own sign-out does (lib/oidc/app-sessions.ts). By the time the
 * provider reports success it has changed the session, so the grants are
 * read from it before the provider runs. The work is done before the answer
 * goes out: the app that receives the browser next finds it done.
 */

type Context = {
  req: object
  cookies: { get(name: string, options?: { signed?: boolean }): string | undefined }
  append(field: string, value: string): void
  oidc?: { params?: { logout?: unknown }; session?: { id: string; oldId?: string; accountId?: string } }
}

type SessionPayload = {
  id: string
  state?: { clientId?: string }
  authorizations?: Record<string, { grantId?: string }>
}

const confirmed = new WeakSet<object>()

/** The provider's end_session.success: this request's logout went through. */
export function appSignOutConfirmed(ctx: { req: object }): void {
  confirmed.add(ctx.req)
}

/** Wraps the provider's handling of the logout confirmation (POST …/session/end/confirm). */
export async function finishAppSignOut(ctx: Context, next: () => Promise<unknown>, providerSessionCookie: string): Promise<void> {
  const before = await providerSession(ctx.cookies.get(providerSessionCookie, { signed: false }))
  await next()
  if (!confirmed.has(ctx.req)) return
  const everything = Boolean(ctx.oidc?.params?.logout)
  // Only the session the provider verified (its signed cookie): "Stay signed in" gave it a new id, keeping the old one.
  const session = ctx.oidc?.session
  if (before && session?.accountId && before.id === (session.oldId ?? session.id)) {
    const grants = Object.entries(before.authorizations ?? {})
      .filter(([clientId]) => everything || clientId === before.state?.clientId)
      .flatMap(([, authorization]) => (authorization.grantId ? [authorization.grantId] : []))
    await deleteGrants(session.accountId, grants)
  }
  if (everything) await endPortalSession(ctx)
}

async function providerSession(id: string | undefined): Promise<SessionPayload | null> {
  if (!id || id.length > 100) return null
  const row = await db().oidcPayload.findUnique({ where: { model_id: { model: 'Session', id } }, select: { payload: true } })
  return row ? { ...(JSON.parse(row.payload) as Omit<SessionPayload, 'id'>), id } : null
}

async function endPortalSession(ctx: Context): Promise<void> {
  const cookie = sessionCookie()
  // The portal's cookie is not one of the provider's signed cookies: read it as it is (the database knows its hash).
  const secret = ctx.cookies.get(cookie.name, { signed: false })
  if (!secret) return
  ctx.append('Set-Cookie', `${cookie.name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${cookie.options.secure ? '; Secure' : ''}`)
  const session = await findActiveSession(secret)
  await deleteSessionBySecret(secret)
  if (session) await recordEvent({ type: 'sign_out', result: 'success', userId: session.user.id, sessionId: session.id, detail: { by: 'app' } })
}
