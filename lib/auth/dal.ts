import 'server-only'
import { cookies } from 'next/headers'
import { cache } from 'react'
import { DatabaseUnavailableError } from '../ops/database-fault'
import { currentRequestScope } from '../ops/request-scope'
import { enrolmentRequired } from '../policy/decide'
import { answerRefusal } from '../web/answer-refusal'
import { decideGuard, readSessionBySecret, type CurrentSession, type Guard, type GuardDecision } from './access'
import { auth } from './session/auth-js'
import { sessionCookie } from './session/cookie'
import type { SessionUser } from './session/store'

// The access decisions live in lib/auth/access.ts, which needs no Next.js; pages and actions take them from here.
export { isRecentlyVerified, mayEndOtherSessions, type CurrentSession, type Guard, type GuardDecision } from './access'

/**
 * The browser's session of any kind (recovery included), checked against the
 * database once per request. Read through Auth.js, which also restarts the
 * idle timer (ADR 4); readSessionFrom() (lib/auth/access.ts) reads the same
 * row for a request Next.js does not answer.
 */
const readSession = cache(async (): Promise<CurrentSession | null> => {
  // No session cookie, nothing to look up: Auth.js would say so only after building its whole request
  // (a CSRF token hashed with WebCrypto among it), some 4 % of a passkey sign-in's server time.
  if (!(await cookies()).has(sessionCookie().name)) return null
  const session = await auth()
  const scope = currentRequestScope()
  if (!session?.user?.id || !session.sessionId) {
    // Auth.js answers "no session" when its adapter throws: a browser whose session could not be read is not signed out.
    if (scope?.databaseUnavailable) throw new DatabaseUnavailableError('The session could not be read')
    return null
  }
  const { id, email, displayName, role, locale, timeZone } = session.user
  if (scope) scope.userId = id
  return {
    sessionId: session.sessionId,
    method: session.method,
    signedInAt: new Date(session.signedInAt),
    verifiedAt: new Date(session.verifiedAt),
    verifiedMethod: session.verifiedMethod,
    verifiedFor: session.verifiedFor,
    user: { id, email, displayName, role, locale, timeZone },
    policy: session.policy,
    hasPasskey: session.hasPasskey,
    recoveryWaiting: session.recoveryWaiting,
  }
})

/**
 * The same session, read without restarting its idle timer: for the requests
 * a page makes by itself rather than for something the person did (passkey
 * options fetched before any press and refreshed while the page stays open).
 * Counting those as activity would keep an unattended open tab signed in
 * past its group's idle limit.
 */
const readSessionWithoutActivity = cache(async (): Promise<CurrentSession | null> => {
  const session = await readSessionBySecret((await cookies()).get(sessionCookie().name)?.value)
  if (!session) return null
  const scope = currentRequestScope()
  if (scope) scope.userId = session.user.id
  const { sessionId, method, signedInAt, verifiedAt, verifiedMethod, verifiedFor, user, policy, hasPasskey, recoveryWaiting } = session
  return { sessionId, method, signedInAt, verifiedAt, verifiedMethod, verifiedFor, user, policy, hasPasskey, recoveryWaiting }
})

/**
 * The session of a request a page makes by itself, for the words it answers
 * with (the reader's saved language and zone), on a route open to anyone:
 * read without restarting the idle timer, and never an access decision.
 */
export async function readerSession(): Promise<CurrentSession | null> {
  return readSessionWithoutActivity()
}

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

/**
 * Decides whether this browser passes the guard (decideGuard: the one
 * decision); reads the session at most once per request, and not at all for
 * a public guard. `background`: the page asked by itself, which does not
 * restart the session's idle timer.
 */
export async function checkGuard<G extends Guard>(guard: G, options: { background?: boolean } = {}): Promise<GuardDecision<G>> {
  if (guard === 'public') return decideGuard(guard, null)
  return decideGuard(guard, await (options.background ? readSessionWithoutActivity() : readSession()))
}

/** A page's guard: the session it lets through, or the page's answer to the refusal. */
async function pageGuard<G extends Exclude<Guard, 'public'>>(guard: G, returnTo?: string): Promise<GuardDecision<G> & { ok: true }> {
  const decision = await checkGuard(guard)
  return decision.ok ? decision : answerRefusal(decision.refusal, { kind: 'page', returnTo })
}

/** For pages and actions that need a signed-in user; others are sent to sign in and brought back. */
export async function requireSession(returnTo?: string): Promise<CurrentSession> {
  return (await pageGuard('session', returnTo)).session
}

/** For the helpdesk pages: agents (role helpdesk or admin) only; to everyone else they do not exist. */
export async function requireAgent(returnTo: string): Promise<CurrentSession> {
  return (await pageGuard('agent', returnTo)).session
}

/** For the administrators' pages: role admin only; to everyone else they do not exist. */
export async function requireAdmin(returnTo: string): Promise<CurrentSession> {
  return (await pageGuard('admin', returnTo)).session
}

/** For signed-out flows: a signed-in browser goes to its account instead. */
export async function requireAnonymous(): Promise<void> {
  await pageGuard('anonymous')
}

/** For the welcome page after an invitation: any signed-in session, including one that must add a passkey first. */
export async function requireWelcome(): Promise<CurrentSession> {
  const session = await readSession()
  if (!session || session.method === 'recovery') return answerRefusal(session ? 'recovery_only' : 'signed_out', { kind: 'page', returnTo: '/account' })
  return session
}

/**
 * For the passkey enrolment page: a signed-in session whose group requires a
 * passkey it does not have yet. Anyone else is sent on (to sign in, or to
 * their account).
 */
export async function requireEnrolment(): Promise<CurrentSession> {
  const session = await requireWelcome()
  // Nothing to add first: on to the account, where a signed-in browser on a signed-out page goes too.
  if (!enrolmentRequired(session.policy, session.hasPasskey)) answerRefusal('signed_in', { kind: 'page' })
  return session
}

/** Whether this session must add a passkey before anything else (the account frame then shows no navigation). */
export function mustEnrol(session: CurrentSession): boolean {
  return enrolmentRequired(session.policy, session.hasPasskey)
}
