import 'server-only'
import { cookies } from 'next/headers'
import { cache } from 'react'
import { db } from '../db'
import { DatabaseUnavailableError } from '../ops/database-fault'
import { currentRequestScope } from '../ops/request-scope'
import { enrolmentRequired, proofSatisfiesStepUp } from '../policy/decide'
import { DEFAULT_POLICY, type Policy } from '../policy/schema'
import { answerRefusal } from '../web/answer-refusal'
import type { GuardRefusal } from '../web/refusal'
import { auth } from './session/auth-js'
import { sessionCookie } from './session/cookie'
import type { SessionUser, SignInMethod } from './session/store'

export type CurrentSession = {
  sessionId: string
  method: SignInMethod
  signedInAt: Date
  /** When the user last proved who they are (sign-in or step-up), and how. */
  verifiedAt: Date
  verifiedMethod: SignInMethod
  user: SessionUser
  /** The policy of the user's group, read with the session in one statement. */
  policy: Policy
  hasPasskey: boolean
}

/** The browser's session of any kind (recovery included), checked against the database once per request. */
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
  const { id, email, displayName, role } = session.user
  if (scope) scope.userId = id
  return {
    sessionId: session.sessionId,
    method: session.method,
    signedInAt: new Date(session.signedInAt),
    verifiedAt: new Date(session.verifiedAt),
    verifiedMethod: session.verifiedMethod,
    user: { id, email, displayName, role },
    policy: session.policy,
    hasPasskey: session.hasPasskey,
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

/**
 * The one rule for "recently verified": every guard, page hint and action
 * asks this function. Within the group's step-up window (10 minutes unless
 * its policy says otherwise), by a method the group accepts for step-up: a
 * group that wants a passkey for sensitive actions is not satisfied by an
 * emailed code, even one used to sign in a moment ago. `byAnyMethod` keeps
 * the window and drops the method (a first passkey, where there is none to
 * step up with).
 */
export function isRecentlyVerified(
  session: { verifiedAt: Date; method: string; verifiedMethod?: SignInMethod; policy?: Policy },
  now = new Date(),
  byAnyMethod = false,
): boolean {
  // A recovery session was proven with two factors and lasts 15 minutes: it counts as verified for all of them.
  if (session.method === 'recovery') return true
  const policy = session.policy ?? DEFAULT_POLICY
  if (!byAnyMethod && !proofSatisfiesStepUp(policy, session.verifiedMethod ?? (session.method as SignInMethod))) return false
  return now.getTime() - session.verifiedAt.getTime() < policy.stepUp.windowMinutes * 60_000
}

/**
 * Whether this session may end the account's other sessions (sign out one or
 * all others, "This wasn't me"): with a recent confirmation, or when it is the
 * account's newest sign-in. A session stolen earlier can then never evict the
 * owner who signed in after it, and the owner's newer session needs no extra
 * step to throw the thief out. The one rule for all three actions.
 */
export async function mayEndOtherSessions(
  session: { sessionId: string; signedInAt: Date; verifiedAt: Date; method: string; user: { id: string } },
  now = new Date(),
): Promise<boolean> {
  if (isRecentlyVerified(session, now)) return true
  // Through the Session (userId) index: a handful of rows per account.
  const newer = await db().session.count({
    where: { userId: session.user.id, id: { not: session.sessionId }, createdAt: { gt: session.signedInAt }, expiresAt: { gt: now } },
  })
  return newer === 0
}

/**
 * Who may call an action or route, one of a closed set. Every server action
 * and route names one (lib/actions/pipeline.ts); nothing else decides access.
 * - public: anyone, signed in or not (sign-in links, report links);
 * - anonymous: signed-out flows; a signed-in browser is sent to its account;
 * - session: a signed-in browser (a recovery session does not count);
 * - recently-verified: signed in or confirmed within the step-up window;
 * - newest-or-recently-verified: recently verified, or the account's newest sign-in (ending other sessions);
 * - recovery-or-recently-verified: a recovery session, or a recently verified one (adding a passkey, new recovery codes);
 * - agent: role helpdesk or admin; admin: role admin;
 * - admin-recently-verified: role admin, and recently verified (every change an administrator makes).
 */
export type Guard =
  | 'public'
  | 'anonymous'
  | 'session'
  | 'recently-verified'
  | 'newest-or-recently-verified'
  | 'recovery-or-recently-verified'
  | 'agent'
  | 'admin'
  | 'admin-recently-verified'

export type GuardDecision<G extends Guard> =
  { ok: true; session: G extends 'public' | 'anonymous' ? null : CurrentSession } | { ok: false; refusal: GuardRefusal }

type Decided = { ok: true; session: CurrentSession | null } | { ok: false; refusal: GuardRefusal }

async function decide(guard: Guard): Promise<Decided> {
  if (guard === 'public') return { ok: true, session: null }
  if (guard === 'anonymous') return (await getCurrentSession()) ? { ok: false, refusal: 'signed_in' } : { ok: true, session: null }
  if (guard === 'recovery-or-recently-verified') {
    const session = await readSession()
    if (!session) return { ok: false, refusal: 'signed_out' }
    // Someone whose group requires a passkey and who has none may add their first one while the session lives:
    // it is the only thing such a session can do.
    if (session.method !== 'recovery' && enrolmentRequired(session.policy, session.hasPasskey)) return { ok: true, session }
    // A first passkey, right after signing in (an invitation, say), even where step-up must be a passkey: there is none yet.
    if (!session.hasPasskey && isRecentlyVerified(session, new Date(), true)) return { ok: true, session }
    return isRecentlyVerified(session) ? { ok: true, session } : { ok: false, refusal: 'step_up_required' }
  }
  const session = await getCurrentSession()
  if (!session) return { ok: false, refusal: (await readSession()) ? 'recovery_only' : 'signed_out' }
  // A group that requires a passkey lets someone without one do nothing but add it.
  if (enrolmentRequired(session.policy, session.hasPasskey)) return { ok: false, refusal: 'enrolment_required' }
  switch (guard) {
    case 'session':
      return { ok: true, session }
    case 'recently-verified':
      return isRecentlyVerified(session) ? { ok: true, session } : { ok: false, refusal: 'step_up_required' }
    case 'newest-or-recently-verified':
      return (await mayEndOtherSessions(session)) ? { ok: true, session } : { ok: false, refusal: 'step_up_required' }
    case 'agent':
      return session.user.role === 'helpdesk' || session.user.role === 'admin' ? { ok: true, session } : { ok: false, refusal: 'not_found' }
    case 'admin':
      return session.user.role === 'admin' ? { ok: true, session } : { ok: false, refusal: 'not_found' }
    case 'admin-recently-verified':
      if (session.user.role !== 'admin') return { ok: false, refusal: 'not_found' }
      return isRecentlyVerified(session) ? { ok: true, session } : { ok: false, refusal: 'step_up_required' }
  }
}

/** Decides whether this browser passes the guard; reads the session at most once per request. */
export function checkGuard<G extends Guard>(guard: G): Promise<GuardDecision<G>> {
  return decide(guard) as Promise<GuardDecision<G>>
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

/** For the welcome page after an invitation: any signed-in session, including one that must add a passkey first. */
export async function requireWelcome(): Promise<CurrentSession> {
  const session = await readSession()
  if (!session || session.method === 'recovery') return answerRefusal(session ? 'recovery_only' : 'signed_out', { kind: 'page', returnTo: '/account' })
  return session
}
