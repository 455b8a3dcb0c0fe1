import 'server-only'
import { methodAllowed } from '../../policy/decide'
import { readPolicy } from '../../policy/schema'
import { db } from '../../db'
import { env } from '../../env'
import { APPROVAL_WINDOW_MINUTES } from './link-approval'
import { type ChallengeStatus, type SignInPolicy, type SignedInUser, type VerifyResult, challengeIdFor, checkEmailCode } from './challenge'

/** Finds the account an email challenge signs in, or (under open sign-up) names the one to create with the session. */
export async function resolveUser(email: string, userId: string | null, policy: SignInPolicy): Promise<SignedInUser | null> {
  if (userId) return { id: userId, created: false }
  if (policy !== 'open') return null
  const existing = await db().user.findUnique({ where: { email }, select: { id: true, status: true } })
  if (existing) return existing.status === 'active' ? { id: existing.id, created: false } : null
  return { id: null, created: true, email }
}

/**
 * A completed email challenge proves the address: recorded once per account
 * (the consuming statement returns whether it already was, so returning users
 * spend no extra statement).
 */
export async function markEmailVerified(row: { userId: string | null; emailVerifiedAt: Date | string | null }, now: Date): Promise<void> {
  if (!row.userId || row.emailVerifiedAt !== null) return
  await db().user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
}

/** Signs in with an emailed code: checks it, records the address as proven, finds or (open sign-up) creates the account. */
export async function verifyEmailCode(input: { browserSecret: string; code: string; policy?: SignInPolicy; now?: Date }): Promise<VerifyResult> {
  const now = input.now ?? new Date()
  const checked = await checkEmailCode({ browserSecret: input.browserSecret, code: input.code, purpose: 'sign_in', now })
  if (!checked.ok) return checked
  // The account's group may sign in with links (or passkeys) only: the code was right, the method is not allowed.
  if (checked.userId && !methodAllowed(readPolicy(checked.policy), 'email_code')) {
    return { ok: false, reason: 'method_code_not_allowed', userId: checked.userId, email: checked.email }
  }
  await markEmailVerified(checked, now)
  const user = await resolveUser(checked.email, checked.userId, input.policy ?? env().signup)
  if (!user) return { ok: false, reason: 'code_wrong', userId: checked.userId, email: checked.email }
  return { ok: true, user, email: checked.email, returnTo: checked.returnTo, requestedAt: checked.requestedAt }
}

export type PendingSignIn = {
  email: string
  status: ChallengeStatus
  createdAt: Date
  expiresAt: Date
  returnTo: string | null
}

/** The sign-in request a browser is waiting on, for the check-email screen and resending. */
export async function findPendingSignIn(browserSecret: string): Promise<PendingSignIn | null> {
  if (browserSecret.length > 128) return null
  return db().emailChallenge.findUnique({
    where: { id: challengeIdFor(browserSecret) },
    select: { email: true, status: true, createdAt: true, expiresAt: true, returnTo: true },
  }) as Promise<PendingSignIn | null>
}

/**
 * The waiting browser's side of "Approve sign-in on the other device": if its
 * challenge was approved, consume it (one statement; exactly one caller wins)
 * and return the user to sign in. Under open sign-up a request for a new
 * address has no account yet: it is created with this browser's session.
 */
export async function claimApprovedSignIn(
  browserSecret: string,
  now = new Date(),
): Promise<{ user: SignedInUser; returnTo: string | null; requestedAt: Date } | null> {
  const [row] = await db().emailChallenge.updateManyAndReturn({
    where: {
      id: challengeIdFor(browserSecret),
      status: 'approved',
      expiresAt: { gt: now },
      approvedAt: { gt: new Date(now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) },
      OR: [{ userId: null }, { user: { is: { status: 'active' } } }],
    },
    data: { status: 'consumed' },
    select: { userId: true, email: true, returnTo: true, createdAt: true },
  })
  if (!row) return null
  const user: SignedInUser = row.userId ? { id: row.userId, created: false } : { id: null, created: true, email: row.email }
  return { user, returnTo: row.returnTo, requestedAt: row.createdAt }
}
