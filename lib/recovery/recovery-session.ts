import 'server-only'
import { signInRequestCookie } from '../auth/email-code/request-cookie'
import { signOutElsewhere } from '../auth/session/sign-out-elsewhere'
import { createSession } from '../auth/session/start'
import { appSessionOf } from '../oidc/browser-session'
import type { UseCaseContext } from '../use-case'
import { sendRecoveredNotice, type RecoveryProof } from './self-service'

/** The browser's self-service recovery request: the emailed code's challenge, then the proven address. */
export const recoveryCookie = () => signInRequestCookie('recovery')

/**
 * Every way of recovering ends here: a 15-minute recovery session for this
 * browser, and the notice to every address of the account after the response.
 */
export async function startRecoverySession(userId: string, proof: RecoveryProof, ctx: UseCaseContext): Promise<void> {
  await createSession(userId, 'recovery', ctx)
  ctx.later(() => sendRecoveredNotice(userId, proof, ctx.request))
}

/**
 * After recovery, "Sign out everywhere else": every other session of the
 * account ends, and the app sessions of other browsers; this browser's stay.
 */
export async function signOutOthersAfterRecovery(session: { sessionId: string; user: { id: string } }, ctx: UseCaseContext): Promise<{ count: number }> {
  const appSession = appSessionOf(ctx.cookies)
  const count = await signOutElsewhere({ userId: session.user.id, keepSessionId: session.sessionId, appSession, audit: ctx.audit })
  return { count }
}
