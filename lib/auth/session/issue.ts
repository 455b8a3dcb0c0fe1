import 'server-only'
import { recordEvent } from '../../audit/record'
import type { RequestContext } from '../../web/request-context'
import { deleteSessionBySecret, issueSession, type IssuedSession, type SignInMethod } from './store'

/**
 * What every sign-in method does once the user is proven: end the browser's
 * previous session, if any (a new id each time stops session fixation),
 * insert the new one and write the sign-in history entry. Two statements for
 * a browser without a session. The cookie is set by the caller.
 * With `startedAt` (when the email was asked for, or the passkey challenge
 * handed out), the entry carries the time from request to session, which the
 * rollout dashboard reports as time to sign in.
 */
export async function startSession(
  userId: string,
  method: SignInMethod,
  context: RequestContext,
  options: { previousSecret?: string; startedAt?: Date; now?: Date } = {},
): Promise<IssuedSession> {
  if (options.previousSecret) await deleteSessionBySecret(options.previousSecret)
  const issued = await issueSession(userId, method, context)
  const durationMs = options.startedAt ? signInDuration(options.startedAt, options.now ?? new Date()) : null
  await recordEvent({
    type: 'sign_in',
    result: 'success',
    userId,
    method,
    sessionId: issued.sessionId,
    context,
    ...(durationMs === null ? {} : { detail: { durationMs } }),
  })
  return issued
}

/** Whole milliseconds from request to session; none for a clock that went backwards or a request older than a day. */
function signInDuration(startedAt: Date, now: Date): number | null {
  const ms = now.getTime() - startedAt.getTime()
  return Number.isFinite(ms) && ms >= 0 && ms < 86_400_000 ? Math.round(ms) : null
}
