import 'server-only'
import { timingSafeEqual } from 'node:crypto'
import { empty, sqltag } from '@prisma/client/runtime/client'
import { db } from '../../db'
import { env } from '../../env'
import { userAgentParts } from '../../user-agent'
import { APPROVAL_WINDOW_MINUTES, checkApproval, explainLinkCodeRefusal } from './link-approval'
import { MAX_CODE_ATTEMPTS, type ChallengeStatus, type SignInPolicy, type VerifyResult, sha256, challengeIdFor, hashLinkCode } from './challenge'
import { emailMethodRefused, resolveUser, markEmailVerified, type ClaimedRow } from './code-check'

export type LinkDescription = {
  status: 'ready' | 'used' | 'expired' | 'superseded' | 'invalid'
  /** The full address, for the page to mask. */
  email?: string
  /** Whether the browser opening the link is the one that asked for it. */
  sameBrowser: boolean
  /** Whether the request is recent enough to be approved for the browser that asked for it. */
  approvable?: boolean
  /** The browser and system that asked for the email (names the parser knows, else null), for the page to put in words. */
  requestedFrom?: { browser: string | null; system: string | null }
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
    requestedFrom: userAgentParts(challenge.userAgent),
    requestedAt: challenge.createdAt,
    approvable: challenge.createdAt.getTime() > now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000,
  }
}

/**
 * Confirms a link with the one POST that may consume it. "here" signs in the
 * browser that confirms: at once in the browser that asked for the email,
 * elsewhere only with the code from the same email (a mail scanner pressing
 * buttons has none to type). "approve" lets the waiting requesting browser
 * sign in instead, with the number it shows. A single conditional UPDATE
 * makes exactly one of any number of concurrent confirmations succeed.
 */
export async function confirmEmailLink(input: {
  linkToken: string
  mode: 'here' | 'approve'
  /** This browser's sign-in request cookie, if any: the browser that asked signs in without more. */
  browserSecret?: string
  /** For "approve": the number the waiting browser shows. */
  number?: string
  /** For "here" in another browser: the code from the same email. */
  code?: string
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
  // Signing in here without a code is for the browser that asked only: its cookie names the request. Any other
  // browser brings the code from the same email. Both are checked in the UPDATE below, so neither costs a statement;
  // a code is checked as on the code screen, taking one of the request's attempts in the same statement, so
  // concurrent guesses cannot exceed the limit.
  const code = input.code ?? ''
  const askingBrowser = !approve && !code && input.browserSecret && input.browserSecret.length <= 128 ? challengeIdFor(input.browserSecret) : null
  const elsewhere = !approve && !askingBrowser
  if (elsewhere && !/^\d{6}$/.test(code)) return (await explainLinkCodeRefusal(linkTokenHash)) ?? explainUnusableLink(linkTokenHash, now)
  const linkCode = elsewhere ? hashLinkCode(linkTokenHash, code) : null
  const set = linkCode
    ? sqltag`"attempts" = "attempts" + 1,
        "status" = CASE WHEN "linkCodeHash" = ${linkCode} THEN 'consumed' WHEN "attempts" + 1 >= ${MAX_CODE_ATTEMPTS} THEN 'burned' ELSE "status" END`
    : sqltag`"status" = ${approve ? 'approved' : 'consumed'}, "approvedAt" = ${approve ? now : null}`
  const bound = askingBrowser
    ? sqltag` AND "id" = ${askingBrowser}`
    : linkCode
      ? sqltag` AND "linkCodeHash" IS NOT NULL AND "attempts" < ${MAX_CODE_ATTEMPTS}`
      : empty
  // Approval also needs a recent request (checked again here, atomically); signing in here does not.
  const approvalFrom = approve ? new Date(now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) : new Date(0)
  const [row] = await db().$queryRaw<
    Pick<ClaimedRow, 'status' | 'email' | 'userId' | 'createdAt' | 'returnTo' | 'emailVerifiedAt' | 'policy' | 'passkeyOnlySince'>[]
  >`
    UPDATE "EmailChallenge"
    SET ${set}
    WHERE "linkTokenHash" = ${linkTokenHash} AND "purpose" = 'sign_in' AND "status" = 'pending' AND "expiresAt" > ${now}
      AND "createdAt" > ${approvalFrom}${bound}
      AND ("userId" IS NULL OR EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "EmailChallenge"."userId" AND u."status" = 'active'))
    RETURNING "status", "email", "userId", "createdAt", "returnTo",
      (SELECT u."emailVerifiedAt" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "emailVerifiedAt",
      (SELECT g."policy" FROM "User" u JOIN "Group" g ON g."id" = u."groupId" WHERE u."id" = "EmailChallenge"."userId") AS "policy",
      (SELECT u."passkeyOnlySince" FROM "User" u WHERE u."id" = "EmailChallenge"."userId") AS "passkeyOnlySince"`
  if (!row) {
    const refused = elsewhere ? await explainLinkCodeRefusal(linkTokenHash) : null
    return refused ?? explainUnusableLink(linkTokenHash, now, askingBrowser !== null)
  }
  if (linkCode && row.status !== 'consumed') {
    return { ok: false, reason: row.status === 'burned' ? 'code_burned' : 'code_wrong', userId: row.userId, email: row.email }
  }
  const refused = emailMethodRefused(row, 'magic_link')
  if (refused === 'passkey_only') {
    // Approving would let the browser that asked sign in by email: the request ends here.
    await db().emailChallenge.updateMany({ where: { linkTokenHash }, data: { status: 'superseded', approvedAt: null } })
    return { ok: false, reason: refused, userId: row.userId, email: row.email }
  }
  if (refused) {
    // The account's group does not sign in with links (its email carries none; this one predates the policy):
    // the request goes back to pending, so the code from the same email still works.
    await db().emailChallenge.updateMany({ where: { linkTokenHash }, data: { status: 'pending', approvedAt: null } })
    return { ok: false, reason: refused, userId: row.userId, email: row.email }
  }
  await markEmailVerified(row, now)
  const user = await resolveUser(row.email, row.userId, policy)
  if (!user) return { ok: false, reason: 'link_invalid', userId: row.userId, email: row.email }
  return { ok: true, user, email: row.email, returnTo: row.returnTo, requestedAt: new Date(row.createdAt) }
}

/** `withoutCode`: a "sign in here" that brought no code, from a browser whose cookie names another request. */
async function explainUnusableLink(linkTokenHash: string, now: Date, withoutCode = false): Promise<VerifyResult> {
  const challenge = await db().emailChallenge.findUnique({
    where: { linkTokenHash },
    select: { status: true, userId: true, email: true, expiresAt: true },
  })
  if (!challenge) return { ok: false, reason: 'link_invalid', userId: null, email: null }
  const base = { userId: challenge.userId, email: challenge.email }
  switch (challenge.status as ChallengeStatus) {
    case 'pending':
      return { ok: false, reason: challenge.expiresAt <= now ? 'link_expired' : withoutCode ? 'code_wrong' : 'link_invalid', ...base }
    case 'superseded':
      return { ok: false, reason: 'link_superseded', ...base }
    case 'consumed':
    case 'approved':
      return { ok: false, reason: 'link_used', ...base }
    default:
      return { ok: false, reason: 'link_invalid', ...base }
  }
}
