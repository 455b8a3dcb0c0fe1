import 'server-only'
import type { IncomingMessage } from 'node:http'
import { db } from '../db'
import { DEMO_PANEL_IDS } from '../demo/accounts'
import { env } from '../env'
import { enrolmentRequired, passkeyEnrolmentAllowed, proofSatisfiesStepUp, stepUpNeedsPasskey } from '../policy/decide'
import { DEFAULT_POLICY, type Policy } from '../policy/schema'
import { cookieInHeader } from '../web/cookies'
import type { GuardRefusal } from '../web/refusal'
import { sessionCookie } from './session/cookie'
import { findActiveSession, type ActiveSession, type SessionUser, type SignInMethod } from './session/store'

/**
 * Who may do what, decided in one place: the session as the guards see it,
 * the guards, and the rules they apply. Nothing here needs Next.js, so the
 * portal's server asks the same decision for the requests it answers itself
 * (the OpenID Connect interactions) as the pages and actions do through the
 * DAL (lib/auth/dal.ts), which reads the session through Auth.js.
 */

export type CurrentSession = {
  sessionId: string
  method: SignInMethod
  signedInAt: Date
  /** When the user last proved who they are (sign-in or step-up), and how. */
  verifiedAt: Date
  verifiedMethod: SignInMethod
  /** The app request the last step-up was made for, on the confirmation page that showed it (lib/oidc/approval-request.ts). */
  verifiedFor: string | null
  user: SessionUser
  /** The policy of the user's group, read with the session in one statement. */
  policy: Policy
  hasPasskey: boolean
  /** A recovery of the account by email alone is waiting: its pages show how to stop it. Read with the session. */
  recoveryWaiting?: boolean
}

/** A session read outside Next.js: what the guards see, and what an app is told about the sign-in behind it. */
export type IncomingSession = CurrentSession & Pick<ActiveSession, 'groupId' | 'passkeyDeviceBound'>

/**
 * The session a request's cookie names, of any kind, for a request the
 * portal's server answers itself, outside Next.js: one statement, and nothing
 * written (the idle timer moves on the portal's own pages). Decide on it
 * with decideGuard().
 */
export async function readSessionFrom(request: Pick<IncomingMessage, 'headers'>): Promise<IncomingSession | null> {
  return readSessionBySecret(cookieInHeader(request.headers.cookie, sessionCookie().name))
}

/** The session a session cookie's secret names, as the guards see it: one statement, and nothing written. */
export async function readSessionBySecret(secret: string | undefined): Promise<IncomingSession | null> {
  const row = secret ? await findActiveSession(secret) : null
  if (!row) return null
  const { id, method, createdAt, verifiedAt, verifiedMethod, verifiedFor, user, policy, hasPasskey, recoveryWaiting, groupId, passkeyDeviceBound } = row
  return {
    sessionId: id,
    method,
    signedInAt: createdAt,
    verifiedAt,
    verifiedMethod,
    verifiedFor,
    user,
    policy,
    hasPasskey,
    recoveryWaiting,
    groupId,
    passkeyDeviceBound,
  }
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
  const provenBy = session.verifiedMethod ?? (session.method as SignInMethod)
  // A texted code never counts (ADR 36): whoever took over the number must still prove the email or a passkey
  // before changing how the account signs in, not even a first passkey.
  if (provenBy === 'sms_code') return false
  if (!byAnyMethod && !proofSatisfiesStepUp(policy, provenBy)) return false
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
  // A session opened by a texted code does not evict the others as the newest sign-in: a swapped SIM would
  // otherwise sign the owner out everywhere (ADR 36).
  if (session.method === 'sms_code') return false
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
 * - session-adding-passkey: the same rules for a signed-in session only (confirming it's you with a passkey created then);
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
  | 'session-adding-passkey'
  | 'agent'
  | 'admin'
  | 'admin-recently-verified'

export type GuardDecision<G extends Guard> =
  { ok: true; session: G extends 'public' | 'anonymous' ? null : CurrentSession } | { ok: false; refusal: GuardRefusal }

type Decided = { ok: true; session: CurrentSession | null } | { ok: false; refusal: GuardRefusal }

const refused = (refusal: GuardRefusal): Decided => ({ ok: false, refusal })

/**
 * The one access decision: whether a session of any kind (or none) passes a
 * guard, and if not, why (lib/web/refusal.ts turns the why into each entry
 * point's answer). Only newest-or-recently-verified reads the database
 * (whether a newer sign-in exists), and only for a session not recently
 * verified.
 */
export async function decideGuard<G extends Guard>(guard: G, session: CurrentSession | null, now = new Date()): Promise<GuardDecision<G>> {
  return (await decide(guard, session, now)) as GuardDecision<G>
}

async function decide(guard: Guard, session: CurrentSession | null, now: Date): Promise<Decided> {
  if (guard === 'public') return { ok: true, session: null }
  const signedIn = session && session.method !== 'recovery' ? session : null
  if (guard === 'anonymous') return signedIn ? refused('signed_in') : { ok: true, session: null }
  if (guard === 'recovery-or-recently-verified' || guard === 'session-adding-passkey') {
    if (!session) return refused('signed_out')
    // A new passkey that confirms it's you (the step-up page) is for a signed-in session: a recovery one signs in to nothing.
    if (guard === 'session-adding-passkey' && !signedIn) return refused('recovery_only')
    // Someone whose group requires a passkey and who has none may add their first one while the session lives:
    // it is the only thing such a session can do.
    // Not one opened by a texted code (ADR 36): it must confirm by email first, or a swapped SIM could add its own.
    if (signedIn && enrolmentRequired(signedIn.policy, signedIn.hasPasskey) && signedIn.method !== 'sms_code') return { ok: true, session }
    // A first passkey, right after signing in (an invitation, say), even where step-up must be a passkey: there is none yet.
    if (!session.hasPasskey && isRecentlyVerified(session, now, true)) return { ok: true, session }
    // Demo mode: anyone may sign in as a panel account with one press, and its seeded passkeys are in no browser.
    if (demoPanelAccount(session.user.id) && isRecentlyVerified(session, now, true)) return { ok: true, session }
    return isRecentlyVerified(session, now) ? { ok: true, session } : refused('step_up_required')
  }
  if (!signedIn) return refused(session ? 'recovery_only' : 'signed_out')
  // A group that requires a passkey lets someone without one do nothing but add it.
  if (enrolmentRequired(signedIn.policy, signedIn.hasPasskey)) return refused('enrolment_required')
  const pass: Decided = { ok: true, session: signedIn }
  switch (guard) {
    case 'session':
      return pass
    case 'recently-verified':
      return isRecentlyVerified(signedIn, now) ? pass : refused('step_up_required')
    case 'newest-or-recently-verified':
      return (await mayEndOtherSessions(signedIn, now)) ? pass : refused('step_up_required')
    case 'agent':
      return signedIn.user.role === 'helpdesk' || signedIn.user.role === 'admin' ? pass : refused('not_found')
    case 'admin':
      return signedIn.user.role === 'admin' ? pass : refused('not_found')
    case 'admin-recently-verified':
      if (signedIn.user.role !== 'admin') return refused('not_found')
      return isRecentlyVerified(signedIn, now) ? pass : refused('step_up_required')
  }
}

/**
 * Demo mode's panel accounts (lib/demo/accounts.ts): anyone may sign in as
 * them with one press, so a fresh sign-in of one may add a passkey on this
 * device like a first passkey; never outside demo mode.
 */
export function demoPanelAccount(userId: string): boolean {
  return env().demoMode && DEMO_PANEL_IDS.includes(userId)
}

/**
 * Whether the step-up page may create a passkey for someone an app asks a
 * passkey of: `now` when the session passes the guard of adding one (what
 * /account/passkeys needs), `after-email-code` when it would once confirmed
 * by an emailed code the group accepts, `no` otherwise (the group signs in
 * without passkeys, or confirms only with one it must already have).
 */
export async function passkeyCreationAtStepUp(session: CurrentSession, now = new Date()): Promise<'now' | 'after-email-code' | 'no'> {
  if (!passkeyEnrolmentAllowed(session.policy)) return 'no'
  const decision = await decideGuard('session-adding-passkey', session, now)
  if (decision.ok) return 'now'
  return decision.refusal === 'step_up_required' && !stepUpNeedsPasskey(session.policy) ? 'after-email-code' : 'no'
}
