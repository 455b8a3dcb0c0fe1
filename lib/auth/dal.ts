import 'server-only'
import { notFound, redirect } from 'next/navigation'
import { cache } from 'react'
import { auth } from './session/auth-js'
import { safeReturnPath } from '../web/return-path'
import type { SessionUser, SignInMethod } from './session/store'

export type CurrentSession = {
  sessionId: string
  method: SignInMethod
  signedInAt: Date
  /** When the user last proved who they are (sign-in or step-up). */
  verifiedAt: Date
  user: SessionUser
}

/** The browser's session of any kind (recovery included), checked against the database once per request. */
const readSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await auth()
  if (!session?.user?.id || !session.sessionId) return null
  const { id, email, displayName, role } = session.user
  return {
    sessionId: session.sessionId,
    method: session.method,
    signedInAt: new Date(session.signedInAt),
    verifiedAt: new Date(session.verifiedAt),
    user: { id, email, displayName, role },
  }
})

/**
 * The signed-in browser's session and user. A recovery session does not count
 * as signed in: only the few places that accept it read it, with
 * getRecoveryOrCurrentSession().
 */
export async function getCurrentSession(): Promise<CurrentSession | null> {
  const session = await readSession()
  return session && session.method !== 'recovery' ? session : null
}

/** For adding a passkey and making recovery codes, the only things a recovery session may do. */
export async function getRecoveryOrCurrentSession(): Promise<CurrentSession | null> {
  return readSession()
}

export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null
}

/** For pages and actions that need a signed-in user; others are sent to sign in and brought back. */
export async function requireSession(returnTo?: string): Promise<CurrentSession> {
  const current = await getCurrentSession()
  if (current) return current
  if (await readSession()) redirect('/recover/enroll')
  const back = safeReturnPath(returnTo)
  redirect(back ? `/sign-in?returnTo=${encodeURIComponent(back)}` : '/sign-in')
}

/** For the helpdesk pages: agents (role helpdesk or admin) only; to everyone else they do not exist. */
export async function requireAgent(returnTo: string): Promise<CurrentSession> {
  const session = await requireSession(returnTo)
  if (session.user.role !== 'helpdesk' && session.user.role !== 'admin') notFound()
  return session
}

/** For signed-out flows: a signed-in browser goes to its account instead. */
export async function requireAnonymous(): Promise<void> {
  if (await getCurrentSession()) redirect('/account')
}
