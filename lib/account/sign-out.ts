import 'server-only'
import { sessionCookie } from '../auth/session/cookie'
import { deleteSessionBySecret } from '../auth/session/store'
import { signOutOfBrowserApps } from '../oidc/app-sessions'
import { appSessionOf } from '../oidc/browser-session'
import type { UseCaseContext } from '../use-case'
import { clearedCookie } from '../web/cookies'

/**
 * Signs this browser out: the apps signed in to from it end, the sign-out is
 * recorded, and the session row and cookie go. `session` is this browser's
 * signed-in session, or null: a browser whose session already ended (or a
 * recovery session) is signed out all the same, with nothing to record.
 */
export async function signOut(session: { user: { id: string }; sessionId: string } | null, ctx: UseCaseContext): Promise<void> {
  if (session) {
    await signOutOfBrowserApps(session.user.id, appSessionOf(ctx.cookies))
    await ctx.audit({ type: 'sign_out', result: 'success', userId: session.user.id, sessionId: session.sessionId })
  }
  const cookie = sessionCookie()
  const secret = ctx.cookies.get(cookie.name)?.value
  if (!secret) return
  await deleteSessionBySecret(secret)
  ctx.cookies.set(clearedCookie(cookie))
}
