import 'server-only'
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { db } from '../../db'
import { emailCodeEmail } from '../../email/templates/email-code'
import { signInEmail } from '../../email/templates/sign-in'
import { sendEmail } from '../../email/send'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { describeUserAgent } from '../../user-agent'
import { APPROVAL_WINDOW_MINUTES, checkApproval } from './link-approval'
import { derivedKey } from '../../crypto'

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
/** What an emailed code is for. Only sign-in emails carry a link; a code works only for its own purpose. */
export type ChallengePurpose = 'sign_in' | 'step_up' | 'backup_email' | 'recovery' | 'email_change'
export type SignInPolicy = 'open' | 'invite-only'

export type EmailSignInFailure =
  | 'code_wrong'
  | 'code_burned'
  | 'code_expired'
  | 'request_gone'
  | 'request_superseded'
  | 'link_invalid'
  | 'link_used'
  | 'link_expired'
  | 'link_superseded'
  | 'approval_number_wrong'
  | 'approval_too_old'

export type SignedInUser = { id: string; created: boolean }

export type VerifyResult =
  | { ok: true; user: SignedInUser; email: string; returnTo: string | null }
  | { ok: false; reason: EmailSignInFailure; userId: string | null; email: string | null; attemptsLeft?: number }

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** The challenge id for the secret in a browser's sign-in cookie. */
export function challengeIdFor(browserSecret: string): string {
  return sha256(browserSecret)
}

/**
 * Codes have only a million values, so a plain hash would be a lookup table:
 * they are HMAC'd with a key derived from AUTH_SECRET and bound to their challenge.
 */
function hashCode(challengeId: string, code: string): string {
  return createHmac('sha256', derivedKey('email-sign-in-code')).update(`${challengeId}:${code}`).digest('hex')
}

export type CreatedChallenge = {
  purpose: ChallengePurpose
  /** For the cookie of the requesting browser. */
  browserSecret: string
  challengeId: string
  email: string
  userId: string | null
  /** Whether an email goes out: false for unknown addresses under invite-only and for suspended accounts. */
  deliver: boolean
  code: string
  linkToken: string
  createdAt: Date
  expiresAt: Date
}

/** Who a sign-in email is for: the account with that address, if any, and whether it gets the email. */
export async function signInRecipient(email: string, policy: SignInPolicy): Promise<{ userId: string | null; deliver: boolean }> {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, status: true } })
  return { userId: user?.id ?? null, deliver: user ? user.status === 'active' : policy === 'open' }
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
  recipient?: { userId: string | null; deliver: boolean }
  /** Asked for by a browser that signed in to the account before: it neither supersedes nor is superseded by other browsers' requests. */
  knownBrowser?: boolean
  policy?: SignInPolicy
  now?: Date
}): Promise<CreatedChallenge> {
  const now = input.now ?? new Date()
  const purpose = input.purpose ?? 'sign_in'
  const { userId, deliver } = input.recipient ?? (await signInRecipient(input.email, input.policy ?? env().signup))
  const browserSecret = randomBytes(32).toString('base64url')
  const challengeId = challengeIdFor(browserSecret)
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
  const linkToken = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + CODE_VALID_MINUTES * 60_000)
  const unmatchable = () => sha256(randomBytes(32).toString('hex'))
  const knownBrowser = input.knownBrowser ?? false
  await db().$transaction([
    db().emailChallenge.updateMany({
      where: { email: input.email, purpose, knownBrowser, status: { in: ['pending', 'approved'] } },
      data: { status: 'superseded' },
    }),
    db().emailChallenge.create({
      data: {
        id: challengeId,
        purpose,
        email: input.email,
        userId,
        codeHash: deliver ? hashCode(challengeId, code) : unmatchable(),
        linkTokenHash: deliver && purpose === 'sign_in' ? sha256(linkToken) : unmatchable(),
        returnTo: input.returnTo,
        knownBrowser,
        createdAt: now,
        expiresAt,
        ipAddress: input.context.ipAddress,
        userAgent: input.context.userAgent,
      },
      select: { id: true },
    }),
  ])
  return { purpose, browserSecret, challengeId, email: input.email, userId, deliver, code, linkToken, createdAt: now, expiresAt }
}

function formatTime(date: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(date)
  return `${time} (${timeZone === 'UTC' ? 'UTC' : timeZone.replaceAll('_', ' ')})`
}

/** Renders and sends the challenge's email (one attempt; the caller decides about failures). */
export async function sendEmailChallenge(challenge: CreatedChallenge, context: RequestContext, timeZone: string): Promise<void> {
  const { appName, appUrl } = env()
  const details = {
    appName,
    code: challenge.code,
    validFor: `${CODE_VALID_MINUTES} minutes`,
    expiresAt: formatTime(challenge.expiresAt, timeZone),
    requestedFrom: describeUserAgent(context.userAgent),
    requestedAt: formatTime(challenge.createdAt, timeZone),
  }
  const email =
    challenge.purpose === 'sign_in'
      ? await signInEmail({ ...details, link: `${appUrl}/sign-in/link?token=${challenge.linkToken}` })
      : await emailCodeEmail({ ...details, purpose: challenge.purpose })
  await sendEmail(challenge.email, email)
}

/** Finds or (under open sign-up) creates the account an email challenge signs in. */
async function resolveUser(email: string, userId: string | null, policy: SignInPolicy): Promise<SignedInUser | null> {
  if (userId) return { id: userId, created: false }
  if (policy !== 'open') return null
  const existing = await db().user.findUnique({ where: { email }, select: { id: true, status: true } })
  if (existing) return existing.status === 'active' ? { id: existing.id, created: false } : null
  const created = await db().user.upsert({
    where: { email },
    create: { email, emailVerifiedAt: new Date() },
    update: {},
    select: { id: true, createdAt: true },
  })
  return { id: created.id, created: true }
}

type ClaimedRow = {
  status: ChallengeStatus
  email: string
  userId: string | null
  expiresAt: Date | string
  returnTo: string | null
  attempts: number | bigint
  emailVerifiedAt: Date | string | null
}

/**
 * A completed email challenge proves the address: recorded once per account
 * (the consuming statement returns whether it already was, so returning users
 * spend no extra statement).
 */
async function markEmailVerified(row: { userId: string | null; emailVerifiedAt: Date | string | null }, now: Date): Promise<void> {
  if (!row.userId || row.emailVerifiedAt !== null) return
  await db().user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
}

type VerifyFailure = Extract<VerifyResult, { ok: false }>

export type CodeCheck = { ok: true; email: string; userId: string | null; returnTo: string | null; emailVerifiedAt: Date | string | null } | VerifyFailure

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
    RETURNING "status", "email", "userId", "expiresAt", "returnTo", "attempts",
      (SELECT u."emailVerifiedAt" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "emailVerifiedAt"`
  const row = rows[0]
  if (!row) return explainUnusableChallenge(challengeId)
  const base = { userId: row.userId, email: row.email }
  if (new Date(row.expiresAt) <= now) return { ok: false, reason: 'code_expired', ...base }
  if (row.status === 'burned') return { ok: false, reason: 'code_burned', ...base }
  if (row.status !== 'consumed') return { ok: false, reason: 'code_wrong', ...base, attemptsLeft: MAX_CODE_ATTEMPTS - Number(row.attempts) }
  return { ok: true, email: row.email, userId: row.userId, returnTo: row.returnTo, emailVerifiedAt: row.emailVerifiedAt }
}

/** Signs in with an emailed code: checks it, records the address as proven, finds or (open sign-up) creates the account. */
export async function verifyEmailCode(input: { browserSecret: string; code: string; policy?: SignInPolicy; now?: Date }): Promise<VerifyResult> {
  const now = input.now ?? new Date()
  const checked = await checkEmailCode({ browserSecret: input.browserSecret, code: input.code, purpose: 'sign_in', now })
  if (!checked.ok) return checked
  await markEmailVerified(checked, now)
  const user = await resolveUser(checked.email, checked.userId, input.policy ?? env().signup)
  if (!user) return { ok: false, reason: 'code_wrong', userId: checked.userId, email: checked.email }
  return { ok: true, user, email: checked.email, returnTo: checked.returnTo }
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

export type LinkDescription = {
  status: 'ready' | 'used' | 'expired' | 'superseded' | 'invalid'
  /** The full address, for the page to mask. */
  email?: string
  /** Whether the browser opening the link is the one that asked for it. */
  sameBrowser: boolean
  /** Whether the request is recent enough to be approved for the browser that asked for it. */
  approvable?: boolean
  requestedFrom?: string
  requestedAt?: Date
}

function tokenLooksValid(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token)
}

/** What the confirmation page shows for a link. Reading never consumes the link, so mail scanners that open it change nothing. */
export async function describeEmailLink(linkToken: string, browserSecret: string | undefined, now = new Date()): Promise<LinkDescription> {
  if (!tokenLooksValid(linkToken)) return { status: 'invalid', sameBrowser: false }
  const challenge = await db().emailChallenge.findUnique({
    where: { linkTokenHash: sha256(linkToken) },
    select: { id: true, email: true, status: true, expiresAt: true, createdAt: true, userAgent: true },
  })
  if (!challenge) return { status: 'invalid', sameBrowser: false }
  const sameBrowser = browserSecret !== undefined && timingSafeEqual(Buffer.from(challengeIdFor(browserSecret)), Buffer.from(challenge.id))
  const status: LinkDescription['status'] =
    challenge.status === 'pending'
      ? challenge.expiresAt > now
        ? 'ready'
        : 'expired'
      : challenge.status === 'superseded'
        ? 'superseded'
        : challenge.status === 'undeliverable'
          ? 'invalid'
          : 'used'
  return {
    status,
    email: challenge.email,
    sameBrowser,
    requestedFrom: describeUserAgent(challenge.userAgent),
    requestedAt: challenge.createdAt,
    approvable: challenge.createdAt.getTime() > now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000,
  }
}

/**
 * Confirms a link with the one POST that may consume it. "here" signs in the
 * browser that confirms; "approve" lets the waiting requesting browser sign
 * in instead. A single conditional UPDATE makes exactly one of any number of
 * concurrent confirmations succeed.
 */
export async function confirmEmailLink(input: {
  linkToken: string
  mode: 'here' | 'approve'
  /** For "approve": the number the waiting browser shows. */
  number?: string
  policy?: SignInPolicy
  now?: Date
}): Promise<VerifyResult> {
  const now = input.now ?? new Date()
  const policy = input.policy ?? env().signup
  if (!tokenLooksValid(input.linkToken)) return { ok: false, reason: 'link_invalid', userId: null, email: null }
  const linkTokenHash = sha256(input.linkToken)
  const approve = input.mode === 'approve'
  if (approve) {
    const refused = await checkApproval(linkTokenHash, input.number ?? '', MAX_CODE_ATTEMPTS, now)
    if (refused) return refused
  }
  // Approval also needs a recent request (checked again here, atomically); signing in here does not.
  const approvalFrom = approve ? new Date(now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) : new Date(0)
  const [row] = await db().$queryRaw<Pick<ClaimedRow, 'email' | 'userId' | 'returnTo' | 'emailVerifiedAt'>[]>`
    UPDATE "EmailChallenge"
    SET "status" = ${approve ? 'approved' : 'consumed'}, "approvedAt" = ${approve ? now : null}
    WHERE "linkTokenHash" = ${linkTokenHash} AND "purpose" = 'sign_in' AND "status" = 'pending' AND "expiresAt" > ${now}
      AND "createdAt" > ${approvalFrom}
      AND ("userId" IS NULL OR EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "EmailChallenge"."userId" AND u."status" = 'active'))
    RETURNING "email", "userId", "returnTo",
      (SELECT u."emailVerifiedAt" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "emailVerifiedAt"`
  if (!row) return explainUnusableLink(linkTokenHash, now)
  await markEmailVerified(row, now)
  const user = await resolveUser(row.email, row.userId, policy)
  if (!user) return { ok: false, reason: 'link_invalid', userId: row.userId, email: row.email }
  if (input.mode === 'approve' && !row.userId) {
    // Open sign-up: the account now exists, so the waiting browser can claim it.
    await db().emailChallenge.update({ where: { linkTokenHash }, data: { userId: user.id }, select: { id: true } })
  }
  return { ok: true, user, email: row.email, returnTo: row.returnTo }
}

async function explainUnusableLink(linkTokenHash: string, now: Date): Promise<VerifyResult> {
  const challenge = await db().emailChallenge.findUnique({
    where: { linkTokenHash },
    select: { status: true, userId: true, email: true, expiresAt: true },
  })
  if (!challenge) return { ok: false, reason: 'link_invalid', userId: null, email: null }
  const base = { userId: challenge.userId, email: challenge.email }
  switch (challenge.status as ChallengeStatus) {
    case 'pending':
      return { ok: false, reason: challenge.expiresAt <= now ? 'link_expired' : 'link_invalid', ...base }
    case 'superseded':
      return { ok: false, reason: 'link_superseded', ...base }
    case 'consumed':
    case 'approved':
      return { ok: false, reason: 'link_used', ...base }
    default:
      return { ok: false, reason: 'link_invalid', ...base }
  }
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
 * and return the user to sign in.
 */
export async function claimApprovedSignIn(browserSecret: string, now = new Date()): Promise<{ user: SignedInUser; returnTo: string | null } | null> {
  const [row] = await db().emailChallenge.updateManyAndReturn({
    where: {
      id: challengeIdFor(browserSecret),
      status: 'approved',
      expiresAt: { gt: now },
      approvedAt: { gt: new Date(now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) },
      user: { is: { status: 'active' } },
    },
    data: { status: 'consumed' },
    select: { userId: true, returnTo: true },
  })
  if (!row?.userId) return null
  return { user: { id: row.userId, created: false }, returnTo: row.returnTo }
}
