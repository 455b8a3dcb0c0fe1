import 'server-only'
import { sendPasskeyNotice } from '../auth/passkeys/notices'
import { db, type Transaction } from '../db'
import { env } from '../env'
import { noticeAddressee, type Addressee } from '../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import { endAppSessions, sendAppLogouts, type AppLogout } from '../oidc/app-sessions'
import type { UseCaseContext } from '../use-case'
import type { RequestContext } from '../web/request-context'
import { personEmail } from './person'

/**
 * What an administrator does to someone's account: suspend and reactivate,
 * deprovision, sign out everywhere, revoke one passkey. Each is one
 * transaction with its history row, so nothing is left half-done or
 * unrecorded (ADR 20), and the person is told once it has committed. The
 * callers (admin actions, SCIM) check the role and a fresh confirmation.
 */

/** The administrator acting, as their session names them; the history's details carry their address. */
export type Administrator = { user: { email: string } }

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; reason: 'not_found' | 'wrong_status' }

/** An administrator's change refused: no such account, or not in a status it applies to. */
export type LifecycleRefusal = { ok: false; reason: 'person_not_found' | 'person_wrong_status' }

const refused = (reason: 'not_found' | 'wrong_status'): LifecycleRefusal => ({
  ok: false,
  reason: reason === 'not_found' ? 'person_not_found' : 'person_wrong_status',
})

/** Ends what could still let someone in: sessions, and pending emailed codes and links. Access codes stop too. */
async function endAccess(tx: Transaction, userId: string): Promise<{ count: number; logouts: AppLogout[] }> {
  const { count } = await tx.session.deleteMany({ where: { userId } })
  await tx.emailChallenge.updateMany({ where: { userId, status: { in: ['pending', 'approved'] } }, data: { status: 'burned' } })
  await tx.accessCode.updateMany({ where: { userId, status: { in: ['active', 'awaiting_approval'] } }, data: { status: 'expired' } })
  // Apps too: their grants and refresh tokens are revoked here; their logout tokens go out once this commits.
  return { count, logouts: await endAppSessions(userId, {}, tx) }
}

/** Why a conditional status change matched nothing: no such account, or not in a status it applies to. */
async function refusal(tx: Transaction, userId: string): Promise<Extract<Outcome, { ok: false }>> {
  return (await tx.user.count({ where: { id: userId } })) ? { ok: false, reason: 'wrong_status' } : { ok: false, reason: 'not_found' }
}

/** Suspends an active (or invited) account: every session ends at once, and sign-in and recovery are refused until reactivated. */
export async function suspendPerson(
  input: { userId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; sessionsEnded: number } | LifecycleRefusal> {
  const { userId } = input
  const outcome = await db().$transaction(async (tx) => {
    const suspended = await suspendWithin(tx, userId)
    if (suspended.ok) {
      const detail = { by: admin.user.email, sessionsEnded: suspended.sessionsEnded }
      await ctx.audit({ type: 'account_suspended', result: 'success', userId, sessionId: null, detail }, tx)
    }
    return suspended
  })
  if (!outcome.ok) return refused(outcome.reason)
  sendAppLogouts(outcome.logouts)
  ctx.later(() => sendLifecycleNotice('suspended', { userId, context: ctx.request }))
  return { ok: true, sessionsEnded: outcome.sessionsEnded }
}

/** suspendPerson's writes in the caller's transaction (SCIM writes its own history row); the caller sends the apps' logouts once it commits. */
export async function suspendWithin(tx: Transaction, userId: string, now = new Date()): Promise<Outcome<{ sessionsEnded: number; logouts: AppLogout[] }>> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, status: { in: ['active', 'invited'] } },
    data: { status: 'suspended', statusChangedAt: now },
  })
  if (count === 0) return refusal(tx, userId)
  const ended = await endAccess(tx, userId)
  return { ok: true, sessionsEnded: ended.count, logouts: ended.logouts }
}

/** Lets a suspended account sign in again. */
export async function reactivatePerson(input: { userId: string }, admin: Administrator, ctx: UseCaseContext): Promise<{ ok: true } | LifecycleRefusal> {
  const { userId } = input
  const outcome = await db().$transaction(async (tx) => {
    const reactivated = await reactivateWithin(tx, userId)
    if (reactivated.ok) await ctx.audit({ type: 'account_reactivated', result: 'success', userId, sessionId: null, detail: { by: admin.user.email } }, tx)
    return reactivated
  })
  if (!outcome.ok) return refused(outcome.reason)
  ctx.later(() => sendLifecycleNotice('reactivated', { userId, context: ctx.request }))
  return { ok: true }
}

/** reactivatePerson's one conditional write, in the caller's transaction. */
export async function reactivateWithin(tx: Transaction, userId: string, now = new Date()): Promise<Outcome> {
  const { count } = await tx.user.updateMany({ where: { id: userId, status: 'suspended' }, data: { status: 'active', statusChangedAt: now } })
  return count === 1 ? { ok: true } : refusal(tx, userId)
}

/**
 * Deprovisions an account for good, once the administrator has typed its
 * address to confirm: sessions, passkeys, recovery factors and pending codes
 * go; the row stays for the history, under a placeholder address, so the
 * real address can be invited again as a new account.
 */
export async function deprovisionPerson(
  input: { userId: string; confirmation: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true } | LifecycleRefusal | { ok: false; reason: 'person_confirmation' }> {
  const { userId } = input
  const email = await personEmail(userId)
  if (!email) return { ok: false, reason: 'person_not_found' }
  if (input.confirmation.trim().toLowerCase() !== email) return { ok: false, reason: 'person_confirmation' }
  // Read before the account loses them: the notice goes to the addresses it had.
  const addressee = await noticeAddressee(userId)
  const outcome = await db().$transaction(async (tx) => {
    const deprovisioned = await deprovisionWithin(tx, userId)
    if (deprovisioned.ok) {
      await ctx.audit({ type: 'account_deprovisioned', result: 'success', userId, sessionId: null, detail: { by: admin.user.email } }, tx)
    }
    return deprovisioned
  })
  if (!outcome.ok) return refused(outcome.reason)
  sendAppLogouts(outcome.logouts)
  ctx.later(() => sendLifecycleNotice('deprovisioned', { userId, addressee, context: ctx.request }))
  return { ok: true }
}

/** deprovisionPerson's writes in the caller's transaction; the caller sends the apps' logouts once it commits. */
export async function deprovisionWithin(tx: Transaction, userId: string, now = new Date()): Promise<Outcome<{ email: string; logouts: AppLogout[] }>> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, status: true } })
  if (!user) return { ok: false, reason: 'not_found' }
  if (user.status === 'deprovisioned') return { ok: false, reason: 'wrong_status' }
  const { logouts } = await endAccess(tx, userId)
  await tx.passkey.deleteMany({ where: { userId } })
  await tx.recoveryCode.deleteMany({ where: { userId } })
  await tx.totpFactor.deleteMany({ where: { userId } })
  await tx.user.update({
    where: { id: userId },
    data: {
      status: 'deprovisioned',
      statusChangedAt: now,
      formerEmail: user.email,
      email: `deprovisioned-${userId}@invalid`,
      backupEmail: null,
      backupEmailVerifiedAt: null,
      // The number is the person's, not the account's: free for whoever holds it next (ADR 36).
      phone: null,
      phoneVerifiedAt: null,
    },
    select: { id: true },
  })
  return { ok: true, email: user.email, logouts }
}

/** Ends every session of a person (a lost laptop reported by phone); says how many. */
export async function signOutPerson(input: { userId: string }, admin: Administrator, ctx: UseCaseContext): Promise<{ ok: true; sessionsEnded: number }> {
  const { userId } = input
  const { count, logouts } = await db().$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId } })
    const logouts = await endAppSessions(userId, {}, tx)
    await ctx.audit({ type: 'account_signed_out', result: 'success', userId, sessionId: null, detail: { by: admin.user.email, count } }, tx)
    return { count, logouts }
  })
  sendAppLogouts(logouts)
  // Nobody was signed in: nothing to tell them.
  if (count > 0) ctx.later(() => sendLifecycleNotice('signed_out', { userId, context: ctx.request }))
  return { ok: true, sessionsEnded: count }
}

/** Removes one of a person's passkeys, and tells them. */
export async function removePersonPasskey(
  input: { userId: string; passkeyId: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; name: string } | { ok: false; reason: 'passkey_not_found' }> {
  const { userId, passkeyId } = input
  const removed = await db().$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId }, select: { name: true } })
    if (!passkey) return null
    await tx.passkey.deleteMany({ where: { id: passkeyId, userId } })
    const detail = { passkeyId, name: passkey.name, by: admin.user.email }
    await ctx.audit({ type: 'passkey_removed', result: 'success', userId, sessionId: null, detail }, tx)
    return passkey
  })
  if (!removed) return { ok: false, reason: 'passkey_not_found' }
  ctx.later(() => sendPasskeyNotice('removed', { userId, passkeyName: removed.name, context: ctx.request, own: false }))
  return { ok: true, name: removed.name }
}

/** Each notice's words, under notices.lifecycle. */
const NOTICES = { suspended: 'suspended', reactivated: 'reactivated', deprovisioned: 'deprovisioned', signed_out: 'signedOut' } as const

/**
 * Tells the person what an administrator did to their account, with the
 * usual facts; never anything the admin typed. In the person's language
 * (else the organisation's), never the administrator's. `addressee`: read
 * before the change when it takes the addresses away (deprovisioning).
 */
export async function sendLifecycleNotice(
  kind: keyof typeof NOTICES,
  input: { userId: string; addressee?: Addressee | null; context: RequestContext },
): Promise<void> {
  const { appName, appUrl } = env()
  const at = new Date()
  const key = NOTICES[kind]
  await deliverSecurityNotice({
    to: input.addressee !== undefined ? input.addressee : await noticeAddressee(input.userId),
    own: false,
    record: { userId: kind === 'deprovisioned' ? null : input.userId, reason: `account_${kind}`, context: input.context },
    write: (tr) => ({
      title: tr.t(`notices.lifecycle.${key}.title`),
      summary: tr.t(`notices.lifecycle.${key}.summary`),
      details: eventFacts(tr, at, input.context),
      reviewUrl: `${appUrl}/sign-in`,
      reviewLabel: kind === 'reactivated' || kind === 'signed_out' ? tr.t('notices.common.signIn') : tr.t('notices.common.open', { appName }),
      ifNotYou: tr.t('notices.lifecycle.ifNotYou'),
      activity: false,
    }),
  })
}
