import 'server-only'
import { recordEvent } from '../../audit/record'
import type { RequestContext } from '../../web/request-context'
import { deleteSessionBySecret, issueSession, type IssuedSession, type SignInMethod } from './store'

/**
 * What every sign-in method does once the user is proven: end the browser's
 * previous session, if any (a new id each time stops session fixation),
 * insert the new one and write the sign-in history entry. Two statements for
 * a browser without a session. The cookie is set by the caller.
 */
export async function startSession(userId: string, method: SignInMethod, context: RequestContext, previousSecret?: string): Promise<IssuedSession> {
  if (previousSecret) await deleteSessionBySecret(previousSecret)
  const issued = await issueSession(userId, method, context)
  await recordEvent({ type: 'sign_in', result: 'success', userId, method, sessionId: issued.sessionId, context })
  return issued
}
