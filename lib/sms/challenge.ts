import 'server-only'
import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { derivedKey } from '../crypto'
import { db } from '../db'
import { challengeIdFor, sha256 } from '../auth/email-code/challenge'
import { portalCookie } from '../web/cookies'
import type { RequestContext } from '../web/request-context'

/**
 * A texted 6-digit code, bound to the browser that asked for it exactly as
 * an emailed one is (lib/auth/email-code/challenge.ts): the browser holds a
 * random secret whose SHA-256 is the challenge id, the code is stored as an
 * HMAC keyed from AUTH_SECRET and bound to that id, 5 tries, 10 minutes.
 * Numbers that get no text get a challenge all the same, with a hash
 * nothing matches, so the requester sees exactly the same thing.
 */

export const TEXT_CODE_MINUTES = 10
export const MAX_TEXT_CODE_ATTEMPTS = 5
export const TEXT_RESEND_SECONDS = 60

export type TextPurpose = 'sign_in' | 'phone_proof'

export function hashTextCode(challengeId: string, code: string): string {
  return createHmac('sha256', derivedKey('sms-code')).update(`${challengeId}:${code}`).digest('hex')
}

/** The browser's cookie for a texted request, one per purpose; HTTP-only, SameSite=Lax. */
export function textRequestCookie(purpose: TextPurpose) {
  return portalCookie(purpose === 'sign_in' ? 'portal.sms-sign-in' : 'portal.phone-proof', { maxAge: (TEXT_CODE_MINUTES + 5) * 60 })
}

export type CreatedText = { browserSecret: string; challengeId: string; phone: string; userId: string | null; texted: boolean; code: string; expiresAt: Date }

/**
 * Supersedes the open requests of this number, purpose and standing, then
 * stores the new one (the emailed code's order, without a transaction, for
 * the same reasons).
 */
export async function createTextChallenge(input: {
  phone: string
  purpose: TextPurpose
  userId: string | null
  texted: boolean
  knownBrowser: boolean
  returnTo: string | null
  context: RequestContext
  now?: Date
}): Promise<CreatedText> {
  const now = input.now ?? new Date()
  const browserSecret = randomBytes(32).toString('base64url')
  const challengeId = challengeIdFor(browserSecret)
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
  const expiresAt = new Date(now.getTime() + TEXT_CODE_MINUTES * 60_000)
  // A proof supersedes only the same account's: another account typing this number ends nobody's request.
  await db().smsChallenge.updateMany({
    where: {
      phone: input.phone,
      purpose: input.purpose,
      knownBrowser: input.knownBrowser,
      status: 'pending',
      ...(input.purpose === 'phone_proof' ? { userId: input.userId } : {}),
    },
    data: { status: 'superseded' },
  })
  await db().smsChallenge.create({
    data: {
      id: challengeId,
      purpose: input.purpose,
      phone: input.phone,
      userId: input.userId,
      codeHash: input.texted ? hashTextCode(challengeId, code) : sha256(randomBytes(32).toString('hex')),
      knownBrowser: input.knownBrowser,
      texted: input.texted,
      returnTo: input.returnTo,
      createdAt: now,
      expiresAt,
      ipAddress: input.context.ipAddress,
      userAgent: input.context.userAgent,
    },
    select: { id: true },
  })
  return { browserSecret, challengeId, phone: input.phone, userId: input.userId, texted: input.texted, code, expiresAt }
}

type CheckedRow = {
  status: string
  phone: string
  userId: string | null
  createdAt: Date | string
  expiresAt: Date | string
  returnTo: string | null
  attempts: number | bigint
  policy: string | null
  role: string | null
  groupId: string | null
  passkeyOnlySince: Date | string | null
}

export type TextCodeFailure = 'code_wrong' | 'code_burned' | 'code_expired' | 'request_gone' | 'request_superseded'

export type TextCodeCheck =
  | {
      ok: true
      phone: string
      userId: string | null
      returnTo: string | null
      requestedAt: Date
      person: { policy: string | null; role: string; groupId: string; passkeyOnly: boolean } | null
    }
  | { ok: false; reason: TextCodeFailure; phone: string | null; userId: string | null }

/**
 * Checks a texted code against the browser's own request in one atomic
 * statement: it takes one of the 5 tries and consumes the request when the
 * keyed hash matches (so concurrent guesses cannot exceed the limit). A
 * sign-in code works only while the number is still the account's and the
 * account is active; the person's group, role and passkey-only choice come
 * back in the same statement for the caller's policy check.
 */
export async function checkTextCode(input: { browserSecret: string; code: string; purpose: TextPurpose; now?: Date }): Promise<TextCodeCheck> {
  const now = input.now ?? new Date()
  if (input.browserSecret.length > 128) return { ok: false, reason: 'request_gone', phone: null, userId: null }
  const challengeId = challengeIdFor(input.browserSecret)
  const rows = await db().$queryRaw<CheckedRow[]>`
    UPDATE "SmsChallenge"
    SET "attempts" = "attempts" + 1,
        "status" = CASE WHEN "expiresAt" <= ${now} THEN "status"
                        WHEN "codeHash" = ${hashTextCode(challengeId, input.code)} THEN 'consumed'
                        WHEN "attempts" + 1 >= ${MAX_TEXT_CODE_ATTEMPTS} THEN 'burned'
                        ELSE "status" END
    WHERE "id" = ${challengeId} AND "purpose" = ${input.purpose} AND "status" = 'pending' AND "attempts" < ${MAX_TEXT_CODE_ATTEMPTS}
      AND ("userId" IS NULL OR EXISTS (
        SELECT 1 FROM "User" u WHERE u."id" = "SmsChallenge"."userId" AND u."status" = 'active'
          AND (${input.purpose} <> 'sign_in' OR u."phone" = "SmsChallenge"."phone")))
    RETURNING "status", "phone", "userId", "createdAt", "expiresAt", "returnTo", "attempts",
      (SELECT g."policy" FROM "User" u JOIN "Group" g ON g."id" = u."groupId" WHERE u."id" = "SmsChallenge"."userId") AS "policy",
      (SELECT u."role" FROM "User" u WHERE u."id" = "SmsChallenge"."userId") AS "role",
      (SELECT u."groupId" FROM "User" u WHERE u."id" = "SmsChallenge"."userId") AS "groupId",
      (SELECT u."passkeyOnlySince" FROM "User" u WHERE u."id" = "SmsChallenge"."userId") AS "passkeyOnlySince"`
  const row = rows[0]
  if (!row) return explainUnusable(challengeId)
  const base = { phone: row.phone, userId: row.userId }
  if (new Date(row.expiresAt) <= now) return { ok: false, reason: 'code_expired', ...base }
  if (row.status === 'burned') return { ok: false, reason: 'code_burned', ...base }
  if (row.status !== 'consumed') return { ok: false, reason: 'code_wrong', ...base }
  const person =
    row.role && row.groupId ? { policy: row.policy, role: String(row.role), groupId: row.groupId, passkeyOnly: row.passkeyOnlySince !== null } : null
  return { ok: true, ...base, returnTo: row.returnTo, requestedAt: new Date(row.createdAt), person }
}

async function explainUnusable(challengeId: string): Promise<Extract<TextCodeCheck, { ok: false }>> {
  const row = await db().smsChallenge.findUnique({ where: { id: challengeId }, select: { status: true, userId: true, phone: true } })
  if (!row) return { ok: false, reason: 'request_gone', phone: null, userId: null }
  const base = { phone: row.phone, userId: row.userId }
  if (row.status === 'burned') return { ok: false, reason: 'code_burned', ...base }
  if (row.status === 'superseded') return { ok: false, reason: 'request_superseded', ...base }
  return { ok: false, reason: 'request_gone', ...base }
}

/** The texted request a browser is waiting on, for the code page and "Send a new code". */
export async function findPendingText(browserSecret: string | undefined, purpose: TextPurpose) {
  if (!browserSecret || browserSecret.length > 128) return null
  return db().smsChallenge.findFirst({
    where: { id: challengeIdFor(browserSecret), purpose },
    select: { phone: true, status: true, createdAt: true, expiresAt: true, returnTo: true, userId: true },
  })
}
