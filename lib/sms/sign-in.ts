import 'server-only'
import { db } from '../db'
import { env } from '../env'
import { browserStanding } from '../limits/email-code'
import { countWrongText, smsRequestRefusal } from '../limits/sms'
import { smsAllowed } from '../policy/decide'
import { readPolicy } from '../policy/schema'
import type { UseCaseContext } from '../use-case'
import { actionError, type ActionState } from '../web/action-state'
import { clearedCookie } from '../web/cookies'
import { createSession } from '../auth/session/start'
import { TEXT_RESEND_SECONDS, checkTextCode, createTextChallenge, findPendingText, textRequestCookie } from './challenge'
import { normalisePhoneNumber } from './phone-number'
import { textCodeRefusal } from './text-words'
import { textAfterResponse } from './text-delivery'

/**
 * Signing in with a code texted to a verified number (ADR 36), with the
 * emailed code's properties: every number gets the same answer at the same
 * speed (the text goes after the response), a code works only in the
 * browser that asked, and wrong codes count toward the number's lock per
 * browser standing. Whether the number may sign in at all is the group's
 * policy (smsAllowed), asked when the text would go and again when the
 * code is typed.
 */

type Recipient = { userId: string | null; deliver: boolean; locale: string | null }

/**
 * Whether this number gets a sign-in text, and for whose account: one
 * statement from a one-row base, so a number with an account costs what one
 * without does. A number that gets no text (unknown, suspended, fenced, a
 * group without texts) is answered, stored and counted as unknown, so no
 * later reply tells them apart either.
 */
async function textRecipient(phone: string): Promise<Recipient> {
  const [row] = await db().$queryRaw<
    {
      id: string | null
      status: string | null
      role: string | null
      groupId: string | null
      passkeyOnlySince: unknown
      locale: string | null
      policy: string | null
    }[]
  >`
    SELECT u."id", u."status", u."role", u."groupId", u."passkeyOnlySince", u."locale", g."policy"
    FROM (SELECT 1 AS "one") x
    LEFT JOIN "User" u ON u."phone" = ${phone} AND u."phoneVerifiedAt" IS NOT NULL
    LEFT JOIN "Group" g ON g."id" = u."groupId"`
  if (!row?.id || !row.role || !row.groupId || row.status !== 'active') return { userId: null, deliver: false, locale: null }
  const person = { role: row.role, groupId: row.groupId, passkeyOnly: row.passkeyOnlySince !== null }
  if (!smsAllowed(readPolicy(row.policy), 'sign_in', person)) return { userId: null, deliver: false, locale: null }
  return { userId: row.id, deliver: true, locale: row.locale }
}

export type RequestTextOutcome = { ok: true } | { ok: false; state: ActionState<'phone'> }

/** Step 1: "Text me a code". A number that is not valid is said so; any valid number then gets the same answer. */
export async function requestTextSignIn(input: { phone: string; returnTo: string | null }, ctx: UseCaseContext): Promise<RequestTextOutcome> {
  const settings = env().sms
  if (!settings) return { ok: false, state: actionError('sms_unavailable', { field: 'phone' }) }
  const values = { phone: input.phone }
  const number = normalisePhoneNumber(input.phone, settings.countries)
  if (!number.ok) return { ok: false, state: actionError(number.reason, { field: 'phone', values }) }
  const phone = number.phone
  const recipient = await textRecipient(phone)
  const standing = browserStanding(recipient.userId, ctx.cookies)
  const refused = await smsRequestRefusal({ phone, ipAddress: ctx.request.ipAddress, group: 'sms_sign_in', userId: recipient.userId, standing })
  if (refused) {
    await ctx.audit({ type: 'sign_in_requested', result: 'failure', method: 'sms', reason: refused.reason })
    return { ok: false, state: actionError(refused.code, { field: 'phone', retryAt: refused.retryAt ?? undefined, values }) }
  }
  const text = await createTextChallenge({
    phone,
    purpose: 'sign_in',
    userId: recipient.userId,
    texted: recipient.deliver,
    knownBrowser: standing === 'known',
    returnTo: input.returnTo,
    context: ctx.request,
  })
  textAfterResponse(text, 'sign_in', recipient.locale, ctx)
  await ctx.audit({ type: 'sign_in_requested', result: 'success', userId: recipient.userId, method: 'sms' })
  const cookie = textRequestCookie('sign_in')
  ctx.cookies.set(cookie.name, text.browserSecret, cookie.options)
  return { ok: true }
}

/** "Send a new code": the same number again, after a minute. */
export async function resendTextSignIn(ctx: UseCaseContext): Promise<RequestTextOutcome | { ok: false; reason: 'request_gone' }> {
  const pending = await findPendingText(ctx.cookies.get(textRequestCookie('sign_in').name)?.value, 'sign_in')
  if (!pending) return { ok: false, reason: 'request_gone' }
  const retryAt = new Date(pending.createdAt.getTime() + TEXT_RESEND_SECONDS * 1000)
  if (retryAt > new Date()) return { ok: false, state: actionError('resend_cooldown', { retryAt }) }
  return requestTextSignIn({ phone: pending.phone, returnTo: pending.returnTo }, ctx)
}

export type VerifyTextOutcome = { ok: true; redirectTo: string } | { ok: false; state: ActionState<'code'> }

/** Step 2: the texted code, checked against this browser's own request; the policy is asked again as it is now. */
export async function verifyTextSignIn(input: { code: string; typedCode?: string }, ctx: UseCaseContext): Promise<VerifyTextOutcome> {
  const cookie = textRequestCookie('sign_in')
  const browserSecret = ctx.cookies.get(cookie.name)?.value
  if (!browserSecret) return { ok: false, state: actionError('request_gone', { field: 'code' }) }
  const checked = await checkTextCode({ browserSecret, code: input.code, purpose: 'sign_in' })
  if (!checked.ok) {
    const { userId, reason } = checked
    await ctx.audit({ type: 'sign_in', result: 'failure', userId: userId ?? undefined, method: 'sms_code', reason })
    const lock = await countWrongText({ reason, phone: checked.phone, userId, purpose: 'sign_in' }, ctx)
    if (lock?.lockedUntil) await ctx.audit({ type: 'sign_in', result: 'failure', userId, method: 'sms_code', reason: 'account_locked' })
    return { ok: false, state: textCodeRefusal(reason, lock, input.typedCode) }
  }
  // The group may have turned texts off, or the person moved to staff, since the text went.
  if (!checked.userId || !checked.person || !smsAllowed(readPolicy(checked.person.policy), 'sign_in', checked.person)) {
    await ctx.audit({ type: 'sign_in', result: 'failure', userId: checked.userId, method: 'sms_code', reason: 'method_sms_not_allowed' })
    return { ok: false, state: actionError('method_sms_not_allowed', { field: 'code' }) }
  }
  await createSession(checked.userId, 'sms_code', ctx, { startedAt: checked.requestedAt })
  ctx.cookies.set(clearedCookie(cookie))
  return { ok: true, redirectTo: checked.returnTo ?? '/account' }
}

/** "Use a different number": forgets this browser's request. */
export function startTextOver(ctx: Pick<UseCaseContext, 'cookies'>): void {
  ctx.cookies.set(clearedCookie(textRequestCookie('sign_in')))
}

/** What the code page shows: the number the code went to, masked, and when a new one may be asked for. */
export async function pendingTextSignIn(browserSecret: string | undefined) {
  const pending = await findPendingText(browserSecret, 'sign_in')
  if (!pending) return null
  return { phone: pending.phone, resendAt: new Date(pending.createdAt.getTime() + TEXT_RESEND_SECONDS * 1000), validUntil: pending.expiresAt }
}
