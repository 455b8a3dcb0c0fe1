import 'server-only'
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { db } from '../../db'
import { methodAllowed } from '../../policy/decide'
import { readPolicy } from '../../policy/schema'
import type { VerifyResult } from './challenge'
import { derivedKey } from '../../crypto'

/**
 * "Approve sign-in on the other device": the link opened on one device lets
 * the browser that asked for the email (waiting on its check-email screen)
 * sign in, but only for a recent request and with the number that browser
 * shows.
 */

/** Approval works only for requests younger than this. */
export const APPROVAL_WINDOW_MINUTES = 5

/**
 * The number the waiting browser shows and the approving device must type
 * (number matching, as authenticator apps do): someone who tricks a person
 * into approving their own request from a link cannot show them the number.
 * Derived from the challenge id, so nothing more is stored; 10 to 99.
 */
export function approvalNumber(challengeId: string): string {
  const digest = createHmac('sha256', derivedKey('email-link-approval')).update(challengeId).digest()
  return String(10 + (digest.readUInt32BE(0) % 90))
}

/**
 * Before an approval: the request must be recent, and the number typed must
 * be the one its browser shows. A wrong number takes one of the request's
 * code attempts, so guessing ends with the request burned.
 */
export async function checkApproval(
  linkTokenHash: string,
  number: string,
  maxAttempts: number,
  now: Date,
): Promise<Extract<VerifyResult, { ok: false }> | null> {
  const challenge = await db().emailChallenge.findUnique({
    where: { linkTokenHash },
    select: { id: true, status: true, createdAt: true, userId: true, email: true },
  })
  if (!challenge || challenge.status !== 'pending') return null
  const base = { userId: challenge.userId, email: challenge.email }
  if (challenge.createdAt.getTime() <= now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) return { ok: false, reason: 'approval_too_old', ...base }
  // A press with no number (a scanner pressing buttons) takes no attempt: it cannot burn the owner's request.
  if (number === '') return { ok: false, reason: 'approval_number_wrong', ...base }
  // Compared as digests: equal lengths whatever was typed, in constant time.
  if (timingSafeEqual(createHash('sha256').update(number).digest(), createHash('sha256').update(approvalNumber(challenge.id)).digest())) return null
  await db().$executeRaw`
    UPDATE "EmailChallenge"
    SET "attempts" = "attempts" + 1, "status" = CASE WHEN "attempts" + 1 >= ${maxAttempts} THEN 'burned' ELSE "status" END
    WHERE "id" = ${challenge.id} AND "status" = 'pending'`
  return { ok: false, reason: 'approval_number_wrong', ...base }
}

/**
 * Why "sign in here" from a browser other than the one that asked matched
 * nothing (lib/auth/email-code/link.ts checks the code from the same email
 * in its UPDATE, attempt included): the account does not sign in with links
 * (this link predates its policy), the email had no code (its group signs in
 * with links only, so only the asking device can use it), or the code was
 * missing or wrong. None of these takes an attempt here, so a mail scanner
 * pressing the button with nothing typed cannot burn the owner's request.
 * Null when the request is not pending (the caller explains why).
 */
export async function explainLinkCodeRefusal(linkTokenHash: string): Promise<Extract<VerifyResult, { ok: false }> | null> {
  const challenge = await db().emailChallenge.findUnique({
    where: { linkTokenHash },
    select: { status: true, userId: true, email: true, linkCodeHash: true, user: { select: { group: { select: { policy: true } } } } },
  })
  if (!challenge || challenge.status !== 'pending') return null
  const base = { userId: challenge.userId, email: challenge.email }
  if (challenge.user && !methodAllowed(readPolicy(challenge.user.group.policy), 'magic_link')) return { ok: false, reason: 'method_link_not_allowed', ...base }
  if (!challenge.linkCodeHash) return { ok: false, reason: 'link_needs_asking_device', ...base }
  return { ok: false, reason: 'code_wrong', ...base }
}
