import 'server-only'
import type { CurrentSession } from '../auth/dal'
import type { Refused } from '../auth/email-code/emailed-code'
import { db } from '../db'
import { env } from '../env'
import { browserStanding } from '../limits/email-code'
import { countWrongText, smsRequestRefusal } from '../limits/sms'
import { smsAllowed } from '../policy/decide'
import { readPolicy } from '../policy/schema'
import { sendAccountNotice } from '../recovery/notices'
import type { UseCaseContext } from '../use-case'
import { actionError } from '../web/action-state'
import { clearedCookie } from '../web/cookies'
import { checkTextCode, createTextChallenge, findPendingText, textRequestCookie } from './challenge'
import { maskPhoneNumber, normalisePhoneNumber } from './phone-number'
import { textCodeRefusal } from './text-words'
import { textNow } from './text-delivery'

/**
 * The person's phone number for text-message codes (ADR 36): offered only
 * where their group's policy lists an SMS purpose and never to staff or the
 * break-glass account; it counts once a code texted to it comes back, and
 * every change is recorded and told to the account's addresses. Shown
 * masked everywhere.
 */

async function phoneOwner(userId: string) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { role: true, groupId: true, passkeyOnlySince: true, phone: true, phoneVerifiedAt: true, locale: true, group: { select: { policy: true } } },
  })
  const allowed = smsAllowed(readPolicy(user.group.policy), 'sign_in', { role: user.role, groupId: user.groupId, passkeyOnly: user.passkeyOnlySince !== null })
  return { ...user, allowed }
}

export type PhoneView = {
  /** Whether the person may add a number (their group allows texts, they are not staff, a provider is set up). */
  offered: boolean
  /** The verified number, masked, and when it was proven. */
  phone: { masked: string; verifiedAt: Date } | null
  /** A number a code was texted to from this browser, masked, waiting for that code. */
  pending: string | null
}

export async function phoneView(userId: string, proofSecret: string | undefined): Promise<PhoneView> {
  const [owner, pending] = await Promise.all([phoneOwner(userId), findPendingText(proofSecret, 'phone_proof')])
  const waiting = pending && pending.userId === userId && pending.status === 'pending' && pending.expiresAt > new Date() ? maskPhoneNumber(pending.phone) : null
  return {
    offered: owner.allowed && env().sms !== null,
    phone: owner.phone && owner.phoneVerifiedAt ? { masked: maskPhoneNumber(owner.phone), verifiedAt: owner.phoneVerifiedAt } : null,
    pending: waiting,
  }
}

/** Texts a code to the number the person typed; refused where their group or role does not allow texts. */
export async function sendPhoneProof(input: { phone: string }, session: CurrentSession, ctx: UseCaseContext): Promise<Refused<'phone'> | { ok: true }> {
  const userId = session.user.id
  const values = { phone: input.phone }
  const settings = env().sms
  const owner = await phoneOwner(userId)
  if (!settings || !owner.allowed) {
    await ctx.audit({ type: 'phone_added', result: 'failure', userId, reason: 'method_sms_not_allowed' })
    return { ok: false, state: actionError(settings ? 'method_sms_not_allowed' : 'sms_unavailable', { field: 'phone' }) }
  }
  const number = normalisePhoneNumber(input.phone, settings.countries)
  if (!number.ok) return { ok: false, state: actionError(number.reason, { field: 'phone', values }) }
  const standing = browserStanding(userId, ctx.cookies)
  const refused = await smsRequestRefusal({ phone: number.phone, ipAddress: ctx.request.ipAddress, group: 'sms_proof', userId, standing })
  if (refused) return { ok: false, state: actionError(refused.code, { field: 'phone', retryAt: refused.retryAt ?? undefined, values }) }
  const text = await createTextChallenge({
    phone: number.phone,
    purpose: 'phone_proof',
    userId,
    texted: true,
    knownBrowser: standing === 'known',
    returnTo: null,
    context: ctx.request,
  })
  if (!(await textNow(text, 'phone_proof', owner.locale, ctx))) return { ok: false, state: actionError('sms_send_failed', { field: 'phone', values }) }
  const cookie = textRequestCookie('phone_proof')
  ctx.cookies.set(cookie.name, text.browserSecret, cookie.options)
  return { ok: true }
}

/** Completes it with the texted code: the number becomes the account's, recorded with the change, and every address is told. */
export async function confirmPhoneProof(
  input: { code: string; typedCode?: string },
  session: CurrentSession,
  ctx: UseCaseContext,
): Promise<Refused<'code'> | { ok: true; masked: string }> {
  const userId = session.user.id
  const cookie = textRequestCookie('phone_proof')
  const secret = ctx.cookies.get(cookie.name)?.value
  if (!secret) return { ok: false, state: actionError('request_gone', { field: 'code' }) }
  const checked = await checkTextCode({ browserSecret: secret, code: input.code, purpose: 'phone_proof' })
  if (!checked.ok || checked.userId !== userId) {
    const reason = checked.ok ? 'request_gone' : checked.reason
    await ctx.audit({ type: 'phone_added', result: 'failure', userId, reason })
    const lock = checked.ok ? null : await countWrongText({ reason, phone: checked.phone, userId, purpose: 'phone_proof' }, ctx)
    return { ok: false, state: textCodeRefusal(reason, lock, input.typedCode) }
  }
  const owner = await phoneOwner(userId)
  if (!owner.allowed) {
    await ctx.audit({ type: 'phone_added', result: 'failure', userId, reason: 'method_sms_not_allowed' })
    return { ok: false, state: actionError('method_sms_not_allowed', { field: 'code' }) }
  }
  try {
    await db().$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { phone: checked.phone, phoneVerifiedAt: new Date() }, select: { id: true } })
      await ctx.audit({ type: 'phone_added', result: 'success', userId }, tx)
    })
  } catch (error) {
    // The number proven is another account's: said to whoever holds the phone, which the code just showed.
    if ((error as { code?: string }).code !== 'P2002') throw error
    await ctx.audit({ type: 'phone_added', result: 'failure', userId, reason: 'phone_taken' })
    return { ok: false, state: actionError('phone_taken', { field: 'code' }) }
  }
  ctx.cookies.set(clearedCookie(cookie))
  ctx.later(() => sendAccountNotice('phone_added', { userId, context: ctx.request }))
  return { ok: true, masked: maskPhoneNumber(checked.phone!) }
}

/** Removes the number: texted sign-in codes already sent to it stop working at once (the check asks for the account's current number). */
export async function removePhone(session: CurrentSession, ctx: UseCaseContext): Promise<{ removed: boolean }> {
  const userId = session.user.id
  const removed = await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, phone: { not: null } }, data: { phone: null, phoneVerifiedAt: null } })
    await tx.smsChallenge.updateMany({ where: { userId, status: 'pending' }, data: { status: 'superseded' } })
    if (count > 0) await ctx.audit({ type: 'phone_removed', result: 'success', userId }, tx)
    return count > 0
  })
  ctx.cookies.set(clearedCookie(textRequestCookie('phone_proof')))
  if (removed) ctx.later(() => sendAccountNotice('phone_removed', { userId, context: ctx.request }))
  return { removed }
}
