import 'server-only'
import { cookies } from 'next/headers'
import { getRequestContext } from '../request-context'
import type { SessionUser, SignInMethod } from './session'
import { sessionCookie } from './session-cookie'
import { startSession } from './sign-in'

/** Signs this browser in: startSession() plus the session cookie. Every sign-in method ends here. */
export async function createSession(user: Pick<SessionUser, 'id'>, method: SignInMethod): Promise<{ sessionId: string }> {
  const jar = await cookies()
  const issued = await startSession(user.id, method, await getRequestContext(), jar.get(sessionCookie().name)?.value)
  jar.set(sessionCookie().name, issued.secret, { ...sessionCookie().options, expires: issued.cookieExpires })
  return { sessionId: issued.sessionId }
}
