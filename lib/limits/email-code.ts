import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import { STREAK_SECONDS, block, blockedUntil, blockedUntilFrom, consume, ipKey, limitsReached, peek, reset, RateLimitedError } from './store'
import { limitKey, purposeGroup, type BrowserStanding, type SignInLocks } from './email-code-keys'
import type { RequestContext } from '../web/request-context'
import type { CookieJar, UseCaseContext } from '../use-case'
import { noticeAddressee } from '../notices/addresses'
import type { ChallengePurpose } from '../auth/email-code/purpose'
import { isKnownBrowser, knownBrowsersCookie } from '../auth/session/known-browsers'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'

/**
 * Limits on emailed codes that slow an attacker without locking the owner out
 * (ADR docs/decisions/0001-email-lockout.md):
 * - every counter is kept per purpose group (sign-in, recovery, confirmations),
 *   so exhausting one never blocks the others;
 * - and per browser standing: a browser that signed in to the account in the
 *   last 90 days (the signed known-browsers cookie, which nobody else can make)
 *   has counters of its own, which requests from other browsers never touch;
 * - wrong codes against a request only count toward that request's standing,
 *   and a lock burns only that standing's open requests;
 * - 100 consecutive wrong sign-in codes from new browsers pause email sign-in
 *   for new browsers until the account signs in another way (passkey,
 *   recovery, helpdesk, or email from a known browser), and the person is told.
 * Passkey sign-in has no email limit at all.
 */

export type { BrowserStanding, PurposeGroup, SignInLocks } from './email-code-keys'

export const CONSECUTIVE_FAILURE_CAP = 100

/** Whether this browser signed in to the account within 90 days; unknown accounts are always "new". */
export function browserStanding(userId: string | null, cookies: CookieJar): BrowserStanding {
  if (!userId) return 'new'
  return isKnownBrowser(cookies.get(knownBrowsersCookie().name)?.value, userId) ? 'known' : 'new'
}

/** A pause longer than the hourly window is the consecutive-failure cap. */
const isCap = (until: Date, now: Date) => until.getTime() - now.getTime() > 24 * 3600_000

async function signedInSince(userId: string, since: Date): Promise<boolean> {
  const success = await db().auditEvent.findFirst({
    where: { userId, type: { in: ['sign_in', 'account_recovered'] }, result: 'success', createdAt: { gt: since } },
    select: { id: true },
  })
  return success !== null
}

export type EmailRefusal = {
  code: 'rate_limited_send' | 'account_locked' | 'email_sign_in_paused'
  reason: 'rate_limited' | 'account_locked' | 'email_capped'
  retryAt: Date | null
}

/**
 * Whether another emailed code may go to this address from this browser and
 * network now: the send limits count this request; then the wrong-code lock
 * of this purpose and standing. Every address gets the same answer.
 */
export async function emailRequestRefusal(input: {
  email: string
  ipAddress: string | null
  purpose: ChallengePurpose
  userId: string | null
  standing: BrowserStanding
  /** For sign-in: the lock's counters read with the recipient (signInRecipient), which saves reading them here. */
  locks?: SignInLocks
}): Promise<EmailRefusal | null> {
  const group = purposeGroup(input.purpose)
  const key = limitKey(group, input.standing, input.email)
  const sendsUntil = await limitsReached(['sendPerIp', ipKey(input.ipAddress)], ['sendPerEmail', key])
  if (sendsUntil) return { code: 'rate_limited_send', reason: 'rate_limited', retryAt: sendsUntil }
  const lockedUntil =
    input.locks && group === 'sign_in'
      ? blockedUntilFrom('codeFailuresPerAccount', input.locks[input.standing])
      : await blockedUntil('codeFailuresPerAccount', key)
  return lockRefusal(lockedUntil, key, input.userId)
}

/**
 * What a wrong-code lock (the counter under `key`, until `lockedUntil`)
 * answers a new request: nothing when there is none; the hour's lock; or the
 * cap's pause, which lifts once the account signed in some other way after
 * it began. Emailed and texted codes share it (lib/limits/sms.ts).
 */
export async function lockRefusal(lockedUntil: Date | null, key: string, userId: string | null, now = new Date()): Promise<EmailRefusal | null> {
  if (!lockedUntil) return null
  if (!isCap(lockedUntil, now)) return { code: 'account_locked', reason: 'account_locked', retryAt: lockedUntil }
  const capStart = new Date(lockedUntil.getTime() - STREAK_SECONDS * 1000)
  if (userId && (await signedInSince(userId, capStart))) {
    await Promise.all([reset('codeFailuresPerAccount', key), reset('codeFailureStreak', key)])
    return null
  }
  return { code: 'email_sign_in_paused', reason: 'email_capped', retryAt: null }
}

/** Ends the open requests of one standing for an address and purpose (when its lock is reached). */
async function burnRequests(email: string, purpose: ChallengePurpose, standing: BrowserStanding): Promise<void> {
  await db().emailChallenge.updateMany({
    where: { email, purpose, knownBrowser: standing === 'known', status: { in: ['pending', 'approved'] } },
    data: { status: 'burned' },
  })
}

/**
 * Counts a wrong code against the address, for its purpose and the standing
 * of the browser that asked. At 20 an hour that standing's open requests are
 * burned until the hour is over; for sign-in from new browsers, the 100th
 * consecutive wrong code pauses it until the account signs in another way.
 * Returns until when (null: no lock), whether the cap's pause is in place, and
 * whether it began with this failure (the caller then sends sendPausedNotice
 * after the response).
 */
export async function countCodeFailure(input: {
  email: string
  userId: string | null
  purpose: ChallengePurpose
  standing: BrowserStanding
  context: RequestContext
}): Promise<{ lockedUntil: Date | null; paused: boolean; noticeDue: boolean }> {
  return countLockedFailure({
    key: limitKey(purposeGroup(input.purpose), input.standing, input.email),
    userId: input.userId,
    streak: input.purpose === 'sign_in' && input.standing === 'new',
    burn: () => burnRequests(input.email, input.purpose, input.standing),
    paused: () =>
      recordEvent({
        type: 'email_sign_in_paused',
        result: 'success',
        userId: input.userId,
        method: 'email_code',
        reason: 'email_capped',
        context: input.context,
      }),
  })
}

/**
 * The lock's arithmetic, whatever the channel: a wrong code against `key`;
 * at 20 an hour `burn` ends the open requests until the hour is over; where
 * `streak` counts (sign-in from new browsers), the 100th consecutive one
 * pauses it until the account signs in another way, and `paused` records it.
 */
export async function countLockedFailure(input: {
  key: string
  userId: string | null
  streak: boolean
  burn: () => Promise<void>
  paused: () => Promise<unknown>
}): Promise<{ lockedUntil: Date | null; paused: boolean; noticeDue: boolean }> {
  const { key } = input
  if (input.streak && (await countStreak(key, input.userId))) {
    await block('codeFailuresPerAccount', key, STREAK_SECONDS)
    await input.burn()
    await input.paused()
    return { lockedUntil: null, paused: true, noticeDue: true }
  }
  try {
    const { remaining, resetAt } = await consume('codeFailuresPerAccount', key)
    if (remaining > 0) return { lockedUntil: null, paused: false, noticeDue: false }
    await input.burn()
    return { lockedUntil: resetAt, paused: false, noticeDue: false }
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error
    await input.burn()
    // Already paused by the cap (a code typed into a request it burned): said again, not emailed again.
    if (isCap(error.retryAt, new Date())) return { lockedUntil: null, paused: true, noticeDue: false }
    return { lockedUntil: error.retryAt, paused: false, noticeDue: false }
  }
}

/**
 * A failed code check counts toward the address's lock only when it was a
 * wrong code (or one typed into a request a lock burned) against a request
 * with an address. When this failure paused email sign-in, the person is told
 * after the response. Null when the failure does not count.
 */
export async function countWrongCode(
  failure: { reason: string; email?: string | null; userId: string | null; purpose: ChallengePurpose },
  ctx: Pick<UseCaseContext, 'request' | 'cookies' | 'later'>,
): Promise<{ lockedUntil: Date | null; paused: boolean } | null> {
  const { reason, email, userId, purpose } = failure
  if ((reason !== 'code_wrong' && reason !== 'code_burned') || !email) return null
  const standing = browserStanding(userId, ctx.cookies)
  const lock = await countCodeFailure({ email, userId, purpose, standing, context: ctx.request })
  if (lock.paused && userId && lock.noticeDue) ctx.later(() => sendPausedNotice(userId, ctx.request))
  return lock
}

/**
 * Adds a wrong code to the streak; true when this failure reaches the cap
 * (once: past it the pause is already in place and the person was told). A
 * streak that began before the account's last successful sign-in is not
 * consecutive any more: it starts again from this failure.
 */
async function countStreak(key: string, userId: string | null): Promise<boolean> {
  const current = await peek('codeFailureStreak', key)
  if (current && userId) {
    const started = new Date(current.resetAt.getTime() - STREAK_SECONDS * 1000)
    if (await signedInSince(userId, started)) await reset('codeFailureStreak', key)
  }
  try {
    return (await consume('codeFailureStreak', key)).remaining === 0
  } catch (error) {
    // Past the cap: the pause is already in place.
    if (error instanceof RateLimitedError) return false
    throw error
  }
}

/**
 * Tells the person that sign-in by emailed code from new browsers (or by
 * texted code to their number, `channel` sms) is paused, and how to lift it.
 */
export async function sendPausedNotice(userId: string, context: RequestContext, at = new Date(), channel: 'email' | 'sms' = 'email'): Promise<void> {
  const { appUrl } = env()
  const words = channel === 'email' ? 'emailPaused' : 'smsPaused'
  await deliverSecurityNotice({
    to: await noticeAddressee(userId),
    // Whoever typed the codes: their browser does not choose the person's language.
    own: false,
    record: { userId, reason: channel === 'email' ? 'email_capped' : 'sms_capped', context },
    write: (tr) => ({
      title: tr.t(`notices.${words}.title`),
      summary: tr.t(`notices.${words}.summary`, { count: CONSECUTIVE_FAILURE_CAP }),
      details: eventFacts(tr, at, context),
      reviewUrl: `${appUrl}/sign-in`,
      reviewLabel: tr.t(`notices.${words}.reviewLabel`),
      ifNotYou: tr.t(`notices.${words}.ifNotYou`),
    }),
  })
}
