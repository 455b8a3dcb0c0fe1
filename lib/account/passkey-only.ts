import 'server-only'
import type { CurrentSession } from '../auth/access'
import { db } from '../db'
import { sendAccountNotice } from '../recovery/notices'
import type { UseCaseContext } from '../use-case'

/**
 * Passkey-only mode, a person's own choice (like the advanced protection
 * some providers offer): their account stops signing in by email, steps up
 * only with a passkey, and recovers only with a recovery code and the
 * authenticator app together, or through the helpdesk with a second agent's
 * approval. The rules themselves are applied by every reader of the
 * person's policy (lib/policy/decide.ts personalPolicy); this turns the
 * choice on and off, each change with its history row and a notice.
 */

export type PasskeyOnlyView = {
  on: boolean
  since: Date | null
  /** Whether the person's group lets passkeys sign in at all (otherwise the mode would sign nothing in). */
  allowed: boolean
  passkeys: number
  recoveryCodes: number
  totp: boolean
}

/** What the recovery page shows about the mode: its state and the facts behind its warnings. Every query has the person's id. */
export async function passkeyOnlyView(session: Pick<CurrentSession, 'user' | 'policy'>): Promise<PasskeyOnlyView> {
  const userId = session.user.id
  const [user, passkeys, recoveryCodes] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { passkeyOnlySince: true, totpFactor: { select: { confirmedAt: true } } } }),
    db().passkey.count({ where: { userId } }),
    db().recoveryCode.count({ where: { userId, usedAt: null } }),
  ])
  return {
    on: user.passkeyOnlySince !== null,
    since: user.passkeyOnlySince,
    allowed: session.policy.methods.includes('passkey'),
    passkeys,
    recoveryCodes,
    totp: Boolean(user.totpFactor?.confirmedAt),
  }
}

export type PasskeyOnlyFailure = 'passkey_only_needs_passkey' | 'passkey_only_not_allowed' | 'passkey_only_confirm_with_passkey' | 'passkey_only_sign_in_again'

/**
 * Turns the mode on. The person must hold a passkey, their group must let
 * passkeys sign in, and they must have confirmed with a passkey just now
 * (the guard checks "recently", this checks "with a passkey"): proving the
 * passkey works is what makes it safe to give up email. The passkey must
 * also be older than this session: someone holding a stolen session could
 * otherwise add their own and lock the owner out of email for good; the
 * owner signs in again with theirs. In the same transaction, email sign-in
 * requests under way end (no code sent before this moment signs in after
 * it), recoveries by email alone waiting for the account stop, and helpdesk
 * access codes already issued expire (a new one needs a second agent).
 */
export async function turnOnPasskeyOnly(
  session: CurrentSession,
  ctx: UseCaseContext,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: PasskeyOnlyFailure }> {
  const userId = session.user.id
  if (!session.policy.methods.includes('passkey')) return { ok: false, reason: 'passkey_only_not_allowed' }
  if (session.verifiedMethod !== 'passkey' && session.verifiedMethod !== 'fixture') return { ok: false, reason: 'passkey_only_confirm_with_passkey' }
  const changed = await db().$transaction(async (tx) => {
    if ((await tx.passkey.count({ where: { userId } })) === 0) return 'no_passkey' as const
    if ((await tx.passkey.count({ where: { userId, createdAt: { lte: session.signedInAt } } })) === 0) return 'newer_passkey' as const
    const [updated] = await tx.user.updateManyAndReturn({
      where: { id: userId, passkeyOnlySince: null },
      data: { passkeyOnlySince: now },
      select: { email: true, backupEmail: true },
    })
    if (!updated) return 'unchanged' as const
    // Through the (email, purpose, status) index: the requests to either address of the account.
    await tx.emailChallenge.updateMany({
      where: {
        email: { in: [updated.email, ...(updated.backupEmail ? [updated.backupEmail] : [])] },
        purpose: { in: ['sign_in', 'recovery', 'step_up'] },
        status: { in: ['pending', 'approved'] },
      },
      data: { status: 'superseded' },
    })
    const stopped = await tx.pendingRecovery.updateMany({ where: { userId, status: 'waiting' }, data: { status: 'cancelled', endedAt: now } })
    if (stopped.count > 0) await ctx.audit({ type: 'recovery_cancelled', result: 'success', detail: { by: 'passkey_only', count: stopped.count } }, tx)
    const expired = await tx.accessCode.updateMany({ where: { userId, status: 'active' }, data: { status: 'expired' } })
    if (expired.count > 0) await ctx.audit({ type: 'access_code_expired', result: 'success', detail: { by: 'passkey_only', count: expired.count } }, tx)
    await ctx.audit({ type: 'passkey_only_on', result: 'success' }, tx)
    return 'changed' as const
  })
  if (changed === 'no_passkey') return { ok: false, reason: 'passkey_only_needs_passkey' }
  if (changed === 'newer_passkey') return { ok: false, reason: 'passkey_only_sign_in_again' }
  if (changed === 'changed') ctx.later(() => sendAccountNotice('passkey_only_on', { userId, context: ctx.request, at: now }))
  return { ok: true }
}

/** Turns the mode off (the guard has had the person confirm, which in this mode takes a passkey); email sign-in works again. */
export async function turnOffPasskeyOnly(session: CurrentSession, ctx: UseCaseContext, now = new Date()): Promise<{ ok: true }> {
  const userId = session.user.id
  const changed = await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, passkeyOnlySince: { not: null } }, data: { passkeyOnlySince: null } })
    if (count === 1) await ctx.audit({ type: 'passkey_only_off', result: 'success' }, tx)
    return count === 1
  })
  if (changed) ctx.later(() => sendAccountNotice('passkey_only_off', { userId, context: ctx.request, at: now }))
  return { ok: true }
}
