import 'server-only'
import { randomBytes } from 'node:crypto'
import { sha256 } from '../auth/email-code/challenge'
import { isKnownBrowser, knownBrowsersCookie } from '../auth/session/known-browsers'
import { db } from '../db'
import type { UseCaseContext } from '../use-case'
import { clearedCookie, portalCookie } from '../web/cookies'
import { recoveryCookie, startRecoverySession } from './recovery-session'
import { emailAloneAccount, recoveryProgress, recoveryRules } from './self-service'
import { sendRecoveryStoppedNotice, sendRecoveryWaitingNotice, type StoppedBy } from './waiting-recovery-notices'

/**
 * Recovery by the emailed code alone, where a group allows it, does not
 * take effect at once: whoever reads the mailbox could otherwise take the
 * account in a minute. It waits the period the group's policy sets; every
 * address is emailed at once with the time and a link to stop it, and every
 * signed-in session of the account shows it with a button to stop it.
 * Stopping takes effect at once. Only the browser that asked, holding its
 * cookie, can finish it once the wait is over (and for a day after).
 */

const HOUR_MS = 3_600_000
/** How long after the wait the asking browser may still finish. */
const FINISH_WITHIN_MS = 24 * HOUR_MS

/** The asking browser's hold on its waiting recovery: the longest wait plus the day to finish in. */
export const waitingRecoveryCookie = () => portalCookie('portal.recovery-wait', { maxAge: 8 * 24 * 3600 })

export type ScheduleOutcome = { ok: true; readyAt: Date } | { ok: false; reason: 'recovery_expired' }

/**
 * Step 2 for a group whose policy lets the emailed code alone recover an
 * account with a passkey: the proven email is claimed once (one conditional
 * UPDATE) and a recovery is scheduled for after the group's wait, with its
 * history row, in one transaction. Another waiting recovery of the account
 * stays as it is: whoever reads the mailbox must not be able to end the
 * owner's own by starting one (each is stopped on its own, or all at once
 * from a signed-in session).
 */
export async function scheduleRecoveryByEmail(ctx: UseCaseContext, now = new Date()): Promise<ScheduleOutcome> {
  const secret = ctx.cookies.get(recoveryCookie().name)?.value
  const account = secret ? await emailAloneAccount(await recoveryProgress(secret, now)) : null
  if (!secret || !account) return { ok: false, reason: 'recovery_expired' }
  const { waitHours } = account
  const browserSecret = randomBytes(32).toString('base64url')
  const stopToken = randomBytes(32).toString('base64url')
  const readyAt = new Date(now.getTime() + waitHours * HOUR_MS)
  const scheduled = await db().$transaction(async (tx) => {
    const claimed = await tx.emailChallenge.updateMany({
      where: { id: sha256(secret), purpose: 'recovery', status: 'consumed' },
      data: { status: 'recovered', userId: account.id },
    })
    if (claimed.count !== 1) return false
    await tx.pendingRecovery.create({
      data: {
        id: sha256(browserSecret),
        userId: account.id,
        status: 'waiting',
        cancelTokenHash: sha256(stopToken),
        createdAt: now,
        readyAt,
        expiresAt: new Date(readyAt.getTime() + FINISH_WITHIN_MS),
        ipAddress: ctx.request.ipAddress,
        userAgent: ctx.request.userAgent,
      },
      select: { id: true },
    })
    await ctx.audit(
      { type: 'recovery_scheduled', result: 'success', userId: account.id, method: 'email', detail: { readyAt: readyAt.toISOString(), waitHours } },
      tx,
    )
    return true
  })
  if (!scheduled) return { ok: false, reason: 'recovery_expired' }
  const cookie = waitingRecoveryCookie()
  ctx.cookies.set(cookie.name, browserSecret, cookie.options)
  ctx.cookies.set(clearedCookie(recoveryCookie()))
  ctx.later(() => sendRecoveryWaitingNotice({ userId: account.id, readyAt, stopToken, context: ctx.request, at: now }))
  return { ok: true, readyAt }
}

export type WaitingState = { state: 'none' } | { state: 'waiting' | 'ready'; readyAt: Date; expiresAt: Date } | { state: 'stopped' | 'finished' | 'expired' }

/** Where this browser's waiting recovery stands, from its cookie; reading it changes nothing. */
export async function waitingRecoveryState(ctx: Pick<UseCaseContext, 'cookies'>, now = new Date()): Promise<WaitingState> {
  const secret = ctx.cookies.get(waitingRecoveryCookie().name)?.value
  if (!secret || secret.length > 128) return { state: 'none' }
  const row = await db().pendingRecovery.findUnique({ where: { id: sha256(secret) }, select: { status: true, readyAt: true, expiresAt: true } })
  if (!row) return { state: 'none' }
  if (row.status === 'cancelled') return { state: 'stopped' }
  if (row.status === 'completed') return { state: 'finished' }
  if (row.expiresAt <= now) return { state: 'expired' }
  return { state: row.readyAt <= now ? 'ready' : 'waiting', readyAt: row.readyAt, expiresAt: row.expiresAt }
}

export type FinishOutcome = { ok: true } | { ok: false; reason: 'recovery_not_ready' | 'recovery_stopped' | 'recovery_expired' }

/**
 * Whether the account may still be recovered by email alone, asked again
 * at the end of the wait: the owner may have chosen passkeys only, the group
 * stopped allowing it, the account moved to break-glass or was suspended.
 */
async function stillRecoverableByEmail(userId: string): Promise<boolean> {
  const [user, rules] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { status: true } }),
    recoveryRules([{ id: userId, hasPasskey: true, hasRecoveryCodes: false, hasTotp: false, passkeyOnly: false }]),
  ])
  return user?.status === 'active' && rules.get(userId)?.emailAlone === true
}

/**
 * Once the wait is over, the asking browser finishes: the account's rules
 * are checked again (a recovery they no longer allow is stopped), then the
 * waiting recovery is claimed (one conditional UPDATE, so it finishes once,
 * and never after it was stopped) with its history row, and the browser
 * gets a recovery session.
 */
export async function finishWaitingRecovery(ctx: UseCaseContext, now = new Date()): Promise<FinishOutcome> {
  const secret = ctx.cookies.get(waitingRecoveryCookie().name)?.value
  if (!secret || secret.length > 128) return { ok: false, reason: 'recovery_expired' }
  const id = sha256(secret)
  const pending = await db().pendingRecovery.findUnique({ where: { id }, select: { userId: true, status: true } })
  if (pending?.status === 'waiting' && !(await stillRecoverableByEmail(pending.userId))) {
    await stop({ id }, 'policy', ctx, now)
    return { ok: false, reason: 'recovery_stopped' }
  }
  const userId = await db().$transaction(async (tx) => {
    const [claimed] = await tx.pendingRecovery.updateManyAndReturn({
      where: { id, status: 'waiting', readyAt: { lte: now }, expiresAt: { gt: now } },
      data: { status: 'completed', endedAt: now },
      select: { userId: true },
    })
    if (!claimed) return null
    await ctx.audit({ type: 'recovery_factor', result: 'success', userId: claimed.userId, method: 'email' }, tx)
    return claimed.userId
  })
  if (!userId) {
    const state = await waitingRecoveryState(ctx, now)
    return { ok: false, reason: state.state === 'waiting' ? 'recovery_not_ready' : state.state === 'stopped' ? 'recovery_stopped' : 'recovery_expired' }
  }
  ctx.cookies.set(clearedCookie(waitingRecoveryCookie()))
  await startRecoverySession(userId, 'email', ctx)
  return { ok: true }
}

async function stop(
  where: { id: string } | { userId: string } | { cancelTokenHash: string },
  by: StoppedBy,
  ctx: UseCaseContext,
  now: Date,
): Promise<string | null> {
  const userId = await db().$transaction(async (tx) => {
    const [stopped] = await tx.pendingRecovery.updateManyAndReturn({
      where: { ...where, status: 'waiting' },
      data: { status: 'cancelled', endedAt: now },
      select: { userId: true },
    })
    if (!stopped) return null
    await ctx.audit({ type: 'recovery_cancelled', result: 'success', userId: stopped.userId, detail: { by } }, tx)
    return stopped.userId
  })
  if (userId) ctx.later(() => sendRecoveryStoppedNotice({ userId, by, context: ctx.request, at: now }))
  return userId
}

/** "Stop this recovery" on the account's own pages: any signed-in session of the account stops every waiting one at once. */
export async function stopRecoveryFromSession(session: { user: { id: string } }, ctx: UseCaseContext, now = new Date()): Promise<{ stopped: boolean }> {
  return { stopped: (await stop({ userId: session.user.id }, 'session', ctx, now)) !== null }
}

export type StopByLinkOutcome = { ok: true } | { ok: false; reason: 'recovery_stop_unknown_browser' | 'recovery_stop_gone' }

/**
 * The notice's link, pressed: it stops the recovery at once in a browser
 * that signed in to the account before (or is signed in to it now). Anywhere
 * else it asks for one of those: the link sits in the mailbox, and whoever
 * reads the mailbox alone must not be able to stop the owner's own recovery.
 */
export async function stopRecoveryByLink(
  input: { token: string; signedInAs: string | null },
  ctx: UseCaseContext,
  now = new Date(),
): Promise<StopByLinkOutcome> {
  const row = await db().pendingRecovery.findUnique({ where: { cancelTokenHash: sha256(input.token) }, select: { userId: true, status: true } })
  if (!row || row.status !== 'waiting') return { ok: false, reason: 'recovery_stop_gone' }
  const known = input.signedInAs === row.userId || isKnownBrowser(ctx.cookies.get(knownBrowsersCookie().name)?.value, row.userId, now)
  if (!known) return { ok: false, reason: 'recovery_stop_unknown_browser' }
  return (await stop({ cancelTokenHash: sha256(input.token) }, 'known_browser', ctx, now)) ? { ok: true } : { ok: false, reason: 'recovery_stop_gone' }
}

/** "Start again" in the browser that asked: its own waiting recovery stops, and the browser forgets it. */
export async function stopRecoveryAsRequester(ctx: UseCaseContext, now = new Date()): Promise<void> {
  const secret = ctx.cookies.get(waitingRecoveryCookie().name)?.value
  if (secret && secret.length <= 128) await stop({ id: sha256(secret) }, 'requester', ctx, now)
  ctx.cookies.set(clearedCookie(waitingRecoveryCookie()))
}

/** The account's waiting recovery, for the banner on its pages: one read through (userId, status). */
export async function waitingRecoveryOf(userId: string, now = new Date()): Promise<{ readyAt: Date } | null> {
  return db().pendingRecovery.findFirst({ where: { userId, status: 'waiting', expiresAt: { gt: now } }, select: { readyAt: true } })
}
