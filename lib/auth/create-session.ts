import 'server-only'
import { cookies } from 'next/headers'
import { recordEvent } from '../audit/events'
import { getRequestContext } from '../request-context'
import { deleteSessionBySecret, issueSession, type SessionUser, type SignInMethod } from './session'
import { sessionCookie } from './session-cookie'

/**
 * The one way every sign-in method starts a session: a new session id each
 * time (the browser's previous session, if any, is ended, which stops session
 * fixation), the cookie, and the sign-in history entry.
 */
export async function createSession(user: Pick<SessionUser, 'id'>, method: SignInMethod): Promise<{ sessionId: string }> {
  const jar = await cookies()
  const context = await getRequestContext()
  const previous = jar.get(sessionCookie().name)?.value
  if (previous) await deleteSessionBySecret(previous)
  const issued = await issueSession(user.id, method, context)
  jar.set(sessionCookie().name, issued.secret, { ...sessionCookie().options, expires: issued.cookieExpires })
  await recordEvent({ type: 'sign_in', result: 'success', userId: user.id, method, sessionId: issued.sessionId, context })
  return { sessionId: issued.sessionId }
}
