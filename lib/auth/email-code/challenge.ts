import 'server-only'
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto'
import { db } from '../../db'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { derivedKey } from '../../crypto'
import { emailSignInParts, personalPolicy } from '../../policy/decide'
import { readPolicy } from '../../policy/schema'
import { signInLockKeys, type SignInLocks } from '../../limits/email-code-keys'
import type { ChallengePurpose } from './purpose'

/**
 * Email sign-in: one email carries a 6-digit code and a link; either signs
 * the requesting browser in. Every secret is random from the CSPRNG and only
 * its hash is stored. The requesting browser holds a random sign-in cookie
 * whose SHA-256 is the challenge id, which binds the code to that request.
 */

export const CODE_VALID_MINUTES = 10
export const MAX_CODE_ATTEMPTS = 5
export const RESEND_COOLDOWN_SECONDS = 30

/** recovering and recovered: a recovery's proven address while its second step runs, and after it succeeded. */
export type ChallengeStatus = 'pending' | 'approved' | 'consumed' | 'burned' | 'superseded' | 'undeliverable' | 'recovering' | 'recovered'
export type SignInPolicy = 'open' | 'invite-only'

export type EmailSignInFailure =
  | 'code_wrong'
  | 'code_burned'
  | 'code_expired'
  | 'request_gone'
  | 'request_superseded'
  | 'method_code_not_allowed'
  | 'method_link_not_allowed'
  | 'passkey_only'
  | 'link_invalid'
  | 'link_used'
  | 'link_expired'
  | 'link_superseded'
  | 'link_needs_asking_device'
  | 'approval_number_wrong'
  | 'approval_too_old'

/**
 * Whom a completed email challenge signs in: an existing account, or (open
 * sign-up) a new one for `email`, which startSession() creates in one
 * transaction with its first session, so no account exists without one.
 */
export type SignedInUser = { id: string; created: false } | { id: null; created: true; email: string }

export type VerifyResult =
  /** `requestedAt`: when the email was asked for, so the sign-in can record how long it took. */
  | { ok: true; user: SignedInUser; email: string; returnTo: string | null; requestedAt: Date }
  | { ok: false; reason: EmailSignInFailure; userId: string | null; email: string | null; attemptsLeft?: number }

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** The challenge id for the secret in a browser's sign-in cookie. */
export function challengeIdFor(browserSecret: string): string {
  return sha256(browserSecret)
}

/**
 * Codes have only a million values, so a plain hash would be a lookup table:
 * they are HMAC'd with a key derived from AUTH_SECRET and bound to their challenge.
 */
export function hashCode(challengeId: string, code: string): string {
  return createHmac('sha256', derivedKey('email-sign-in-code')).update(`${challengeId}:${code}`).digest('hex')
}

/** The code bound to the link instead ("Sign in here" in another browser, which knows the link but not the challenge id). */
export function hashLinkCode(linkTokenHash: string, code: string): string {
  return createHmac('sha256', derivedKey('email-sign-in-code')).update(`link:${linkTokenHash}:${code}`).digest('hex')
}

export type CreatedChallenge = {
  purpose: ChallengePurpose
  /** For the cookie of the requesting browser. */
  browserSecret: string
  challengeId: string
  email: string
  userId: string | null
  /** Whether an email goes out: false for unknown addresses under invite-only, for suspended accounts, and for groups that sign in by passkey only. */
  deliver: boolean
  /** What the email carries: the code, the link, or both, as the account's group allows. */
  parts: EmailParts
  code: string
  linkToken: string
  createdAt: Date
  expiresAt: Date
}

/** Which parts of a sign-in email sign in, and for how long (at most 10 minutes), from the account's group policy. */
export type EmailParts = { code: boolean; link: boolean; minutes: number }

const ALL_PARTS: EmailParts = { code: true, link: true, minutes: CODE_VALID_MINUTES }

/**
 * Who a sign-in email is for: the account with that address, if any, and whether it gets the email.
 * `locks`: the address's sign-in wrong-code lock, read in the same statement for the send's limits (emailRequestRefusal).
 */
export type Recipient = { userId: string | null; deliver: boolean; parts?: EmailParts; locks?: SignInLocks }

/**
 * Who a sign-in email is for: the account with that address, if any, whether
 * it gets the email, and what the email may carry under its group's policy
 * (one statement, the group joined), and the address's wrong-code lock
 * for the send limits, so the request needs no statement to read it. An
 * unknown address is answered like a known one: the screen after "Continue"
 * never depends on the group.
 */
export async function signInRecipient(email: string, policy: SignInPolicy): Promise<Recipient> {
  const keys = signInLockKeys(email)
  // One row whether or not the address has an account: the lock is kept per address.
  const [row] = await db().$queryRaw<
    {
      id: string | null
      status: string | null
      policy: string | null
      passkeyOnlySince: Date | string | null
      knownPoints: number | bigint | null
      knownExpire: number | bigint | null
      newPoints: number | bigint | null
      newExpire: number | bigint | null
    }[]
  >`
    SELECT u."id", u."status", g."policy", u."passkeyOnlySince",
      kl."points" AS "knownPoints", kl."expire" AS "knownExpire", nl."points" AS "newPoints", nl."expire" AS "newExpire"
    FROM (SELECT 1 AS "one") x
    LEFT JOIN "User" u ON u."email" = ${email}
    LEFT JOIN "Group" g ON g."id" = u."groupId"
    LEFT JOIN "RateLimit" kl ON kl."key" = ${keys.known}
    LEFT JOIN "RateLimit" nl ON nl."key" = ${keys.new}`
  const counter = (points: number | bigint | null | undefined, expire: number | bigint | null | undefined) =>
    points === null || points === undefined ? null : { points, expire: expire ?? null }
  const locks = { known: counter(row?.knownPoints, row?.knownExpire), new: counter(row?.newPoints, row?.newExpire) }
  if (!row?.id) return { userId: null, deliver: policy === 'open', parts: ALL_PARTS, locks }
  const group = personalPolicy(readPolicy(row.policy), row.passkeyOnlySince !== null)
  const parts = { ...emailSignInParts(group), minutes: Math.min(CODE_VALID_MINUTES, group.lifetimes.emailCodeMinutes) }
  return { userId: row.id, deliver: row.status === 'active' && (parts.code || parts.link), parts, locks }
}

/**
 * Starts an emailed-code request for an address: supersedes any earlier
 * request for it with the same purpose and stores the new challenge.
 * Addresses that get no email (unknown under invite-only, suspended) get a
 * challenge too, with hashes nothing can match, so the requester sees exactly
 * the same thing. Sign-in finds its recipient by the address; other purposes
 * say who the code is for.
 */
export async function createEmailChallenge(input: {
  email: string
  returnTo: string | null
  context: RequestContext
  purpose?: ChallengePurpose
  recipient?: Recipient
  /** Asked for by a browser that signed in to the account before: it neither supersedes nor is superseded by other browsers' requests. */
  knownBrowser?: boolean
  policy?: SignInPolicy
  now?: Date
}): Promise<CreatedChallenge> {
  const now = input.now ?? new Date()
  const purpose = input.purpose ?? 'sign_in'
  const { userId, deliver, parts = ALL_PARTS } = input.recipient ?? (await signInRecipient(input.email, input.policy ?? env().signup))
  const browserSecret = randomBytes(32).toString('base64url')
  const challengeId = challengeIdFor(browserSecret)
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
  const linkToken = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + Math.min(CODE_VALID_MINUTES, parts.minutes) * 60_000)
  const unmatchable = () => sha256(randomBytes(32).toString('hex'))
  const knownBrowser = input.knownBrowser ?? false
  const linkTokenHash = deliver && purpose === 'sign_in' ? sha256(linkToken) : unmatchable()
  // The open requests of this address, purpose and standing are superseded, then the new one is stored,
  // without a transaction (one statement less). Two requests racing may both stay open, as they could in a
  // transaction under read committed; neither can end the other, so a double submit always leaves a working
  // email. A failure between the two leaves no open request, which the person's own new request was to end.
  await db().emailChallenge.updateMany({
    where: { email: input.email, purpose, knownBrowser, status: { in: ['pending', 'approved'] } },
    data: { status: 'superseded' },
  })
  await db().emailChallenge.create({
    data: {
      id: challengeId,
      purpose,
      email: input.email,
      userId,
      codeHash: deliver ? hashCode(challengeId, code) : unmatchable(),
      linkTokenHash,
      // Only an email with both a code and a link can sign in another browser from the link.
      linkCodeHash: deliver && purpose === 'sign_in' && parts.code && parts.link ? hashLinkCode(linkTokenHash, code) : null,
      returnTo: input.returnTo,
      knownBrowser,
      emailed: deliver,
      createdAt: now,
      expiresAt,
      ipAddress: input.context.ipAddress,
      userAgent: input.context.userAgent,
    },
    select: { id: true },
  })
  return { purpose, browserSecret, challengeId, email: input.email, userId, deliver, parts, code, linkToken, createdAt: now, expiresAt }
}
