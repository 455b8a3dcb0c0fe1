import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import type { UseCaseContext } from '../use-case'
import { browserStanding, countLockedFailure, lockRefusal, sendPausedNotice } from './email-code'
import type { BrowserStanding } from './email-code-keys'
import { blockedUntil, emailKey, ipKey, limitReached, limitsReached } from './store'

/**
 * The limits of text-message codes, with the emailed code's properties
 * (ADR 1, ADR 36): send limits per number and per network; wrong codes per
 * number and browser standing, 20 an hour, and the 100th consecutive one from
 * new browsers pauses texts to that number until the account signs in another
 * way, and the person is told by email. A browser that signed in to the account before keeps counters of its
 * own, so someone who only knows the number cannot lock its owner out.
 */

export type SmsPurposeGroup = 'sms_sign_in' | 'sms_proof'

/**
 * The counters' key: per number for sign-in; per account and number for proving a number, so one account
 * proving someone else's number never locks its owner out of adding it.
 */
const numberKey = (group: SmsPurposeGroup, standing: BrowserStanding, phone: string, userId: string | null) =>
  group === 'sms_sign_in' ? `${group}:${standing}:${emailKey(phone)}` : `${group}:${standing}:${userId ?? ''}:${emailKey(phone)}`

export type SmsRefusal = {
  code: 'rate_limited_text' | 'text_locked' | 'sms_sign_in_paused'
  reason: 'rate_limited' | 'account_locked' | 'sms_capped'
  retryAt: Date | null
}

/** Whether another code may be texted to this number from this browser and network now; every number gets the same answer. */
export async function smsRequestRefusal(input: {
  phone: string
  ipAddress: string | null
  group: SmsPurposeGroup
  userId: string | null
  standing: BrowserStanding
}): Promise<SmsRefusal | null> {
  const key = numberKey(input.group, input.standing, input.phone, input.userId)
  // An account proves a few numbers a day at most: each proof texts a number the person typed.
  if (input.group === 'sms_proof' && input.userId) {
    const proofsUntil = await limitReached('smsProofsPerAccount', input.userId)
    if (proofsUntil) return { code: 'rate_limited_text', reason: 'rate_limited', retryAt: proofsUntil }
  }
  const sendsUntil = await limitsReached(['smsPerIp', ipKey(input.ipAddress)], ['smsPerNumber', key])
  if (sendsUntil) return { code: 'rate_limited_text', reason: 'rate_limited', retryAt: sendsUntil }
  const refusal = await lockRefusal(await blockedUntil('codeFailuresPerAccount', key), key, input.userId)
  if (!refusal) return null
  if (refusal.code === 'email_sign_in_paused') return { code: 'sms_sign_in_paused', reason: 'sms_capped', retryAt: null }
  return { code: 'text_locked', reason: 'account_locked', retryAt: refusal.retryAt }
}

/** Ends the open texted requests of one standing for a number and purpose (when its lock is reached). */
async function burnTexts(phone: string, purpose: string, standing: BrowserStanding, userId: string | null): Promise<void> {
  await db().smsChallenge.updateMany({
    where: { phone, purpose, knownBrowser: standing === 'known', status: 'pending', ...(purpose === 'phone_proof' ? { userId } : {}) },
    data: { status: 'burned' },
  })
}

/**
 * Counts a wrong texted code (or one typed into a request a lock burned)
 * against its number, for the standing of the browser that typed it. Null
 * when the failure does not count.
 */
export async function countWrongText(
  failure: { reason: string; phone: string | null; userId: string | null; purpose: 'sign_in' | 'phone_proof' },
  ctx: Pick<UseCaseContext, 'request' | 'cookies' | 'later'>,
): Promise<{ lockedUntil: Date | null; paused: boolean } | null> {
  const { reason, phone, userId, purpose } = failure
  if ((reason !== 'code_wrong' && reason !== 'code_burned') || !phone) return null
  const standing = browserStanding(userId, ctx.cookies)
  const group: SmsPurposeGroup = purpose === 'sign_in' ? 'sms_sign_in' : 'sms_proof'
  const lock = await countLockedFailure({
    key: numberKey(group, standing, phone, userId),
    userId,
    streak: purpose === 'sign_in' && standing === 'new',
    burn: () => burnTexts(phone, purpose, standing, userId),
    paused: () => recordEvent({ type: 'sms_sign_in_paused', result: 'success', userId, method: 'sms_code', reason: 'sms_capped', context: ctx.request }),
  })
  // The owner hears of it once, in their own language, from the account's addresses (never by text).
  if (lock.paused && lock.noticeDue && userId) ctx.later(() => sendPausedNotice(userId, ctx.request, new Date(), 'sms'))
  return { lockedUntil: lock.lockedUntil, paused: lock.paused }
}
