import 'server-only'
import { db } from '../../db'
import { env } from '../../env'
import { methodAllowed } from '../../policy/decide'
import { readPolicy } from '../../policy/schema'
import { MAX_CODE_ATTEMPTS, type ChallengeStatus, type SignInPolicy, type SignedInUser, type VerifyResult, challengeIdFor, hashCode } from './challenge'
import type { ChallengePurpose } from './purpose'

/**
 * Checking an emailed code against the browser's own challenge, and what a
 * completed sign-in challenge leads to: the address recorded as proven, and
 * the account it signs in (or, under open sign-up, the one to create).
 */

export type ClaimedRow = {
  status: ChallengeStatus
  email: string
  userId: string | null
  createdAt: Date | string
  expiresAt: Date | string
  returnTo: string | null
  attempts: number | bigint
  emailVerifiedAt: Date | string | null
  policy: string | null
  passkeyOnlySince: Date | string | null
}

/**
 * Why an emailed code or link of an account does not sign in although it
 * matched: the person chose passkeys only, or their group does not allow
 * that method. Read from the same statement that consumed it.
 */
export function emailMethodRefused(
  row: Pick<ClaimedRow, 'userId' | 'policy' | 'passkeyOnlySince'>,
  method: 'email_code' | 'magic_link',
): 'passkey_only' | 'method_code_not_allowed' | 'method_link_not_allowed' | null {
  if (!row.userId) return null
  if (row.passkeyOnlySince !== null) return 'passkey_only'
  if (methodAllowed(readPolicy(row.policy), method)) return null
  return method === 'email_code' ? 'method_code_not_allowed' : 'method_link_not_allowed'
}

type VerifyFailure = Extract<VerifyResult, { ok: false }>

export type CodeCheck =
  | {
      ok: true
      email: string
      userId: string | null
      returnTo: string | null
      requestedAt: Date
      emailVerifiedAt: Date | string | null
      /** The stored policy of the account's group, and the person's passkey-only choice, read in the same statement. */
      policy: string | null
      passkeyOnlySince: Date | string | null
    }
  | VerifyFailure

/**
 * Checks a code against the browser's own challenge for that purpose in one
 * atomic statement: it takes one of the 5 attempts and, when the code's keyed
 * hash matches, consumes the challenge. Taking the attempt in the same
 * statement means concurrent guesses cannot exceed the limit. Comparing two
 * HMACs keyed with a server secret inside the database reveals nothing
 * through timing: an attacker can neither choose nor predict the stored hash.
 */
export async function checkEmailCode(input: { browserSecret: string; code: string; purpose: ChallengePurpose; now?: Date }): Promise<CodeCheck> {
  const now = input.now ?? new Date()
  const challengeId = challengeIdFor(input.browserSecret)
  const rows = await db().$queryRaw<ClaimedRow[]>`
    UPDATE "EmailChallenge"
    SET "attempts" = "attempts" + 1,
        "status" = CASE WHEN "expiresAt" <= ${now} THEN "status"
                        WHEN "codeHash" = ${hashCode(challengeId, input.code)} THEN 'consumed'
                        WHEN "attempts" + 1 >= ${MAX_CODE_ATTEMPTS} THEN 'burned'
                        ELSE "status" END
    WHERE "id" = ${challengeId} AND "purpose" = ${input.purpose} AND "status" = 'pending' AND "attempts" < ${MAX_CODE_ATTEMPTS}
      AND ("userId" IS NULL OR EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "EmailChallenge"."userId" AND u."status" = 'active'))
    RETURNING "status", "email", "userId", "createdAt", "expiresAt", "returnTo", "attempts",
      (SELECT u."emailVerifiedAt" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "emailVerifiedAt",
      (SELECT g."policy" FROM "User" u JOIN "Group" g ON g."id" = u."groupId" WHERE u."id" = "EmailChallenge"."userId") AS "policy",
      (SELECT u."passkeyOnlySince" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "passkeyOnlySince"`
  const row = rows[0]
  if (!row) return explainUnusableChallenge(challengeId)
  const base = { userId: row.userId, email: row.email }
  if (new Date(row.expiresAt) <= now) return { ok: false, reason: 'code_expired', ...base }
  if (row.status === 'burned') return { ok: false, reason: 'code_burned', ...base }
  if (row.status !== 'consumed') return { ok: false, reason: 'code_wrong', ...base, attemptsLeft: MAX_CODE_ATTEMPTS - Number(row.attempts) }
  return {
    ok: true,
    email: row.email,
    userId: row.userId,
    returnTo: row.returnTo,
    requestedAt: new Date(row.createdAt),
    emailVerifiedAt: row.emailVerifiedAt,
    policy: row.policy,
    passkeyOnlySince: row.passkeyOnlySince,
  }
}

async function explainUnusableChallenge(challengeId: string): Promise<VerifyFailure> {
  const challenge = await db().emailChallenge.findUnique({ where: { id: challengeId }, select: { status: true, userId: true, email: true } })
  if (!challenge) return { ok: false, reason: 'request_gone', userId: null, email: null }
  const base = { userId: challenge.userId, email: challenge.email }
  switch (challenge.status as ChallengeStatus) {
    case 'burned':
      return { ok: false, reason: 'code_burned', ...base }
    case 'superseded':
      return { ok: false, reason: 'request_superseded', ...base }
    default:
      return { ok: false, reason: 'request_gone', ...base }
  }
}

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
  // The person chose passkeys only, or their group signs in with links (or passkeys) only: the code was right, the method is not allowed.
  const refused = emailMethodRefused(checked, 'email_code')
  if (refused) return { ok: false, reason: refused, userId: checked.userId, email: checked.email }
  await markEmailVerified(checked, now)
  const user = await resolveUser(checked.email, checked.userId, input.policy ?? env().signup)
  if (!user) return { ok: false, reason: 'code_wrong', userId: checked.userId, email: checked.email }
  return { ok: true, user, email: checked.email, returnTo: checked.returnTo, requestedAt: checked.requestedAt }
}
