import 'server-only'
import type { ErrorCode } from '../errors'
import { countAttempt, limitError } from '../limits/policies'
import type { UseCaseContext } from '../use-case'
import { clearedCookie } from '../web/cookies'
import { recoveryCookie, startRecoverySession } from './recovery-session'
import { completeRecovery, recoveryProgress, type FactorKind, type RecoveryResult } from './self-service'

/**
 * Step 2 of "Lost your passkey?", once this browser proved an address: a
 * factor set up earlier starts a recovery session, and the request is
 * forgotten. (Where the group allows the proven email alone, that waits
 * first: ./waiting-recovery.ts.)
 */

export type RecoverOutcome =
  | { ok: true }
  | { ok: false; reason: Extract<RecoveryResult, { ok: false }>['reason'] }
  /** Too many factors tried for the proven address: the error to show, and when to try again. */
  | { ok: false; reason: 'rate_limited'; error: ErrorCode; retryAt: Date }

/**
 * A recovery code or an authenticator-app code (both, `totp` beside the
 * recovery code, for an account that chose passkeys only). Attempts count per proven
 * address as well as per network (the action's limit); a wrong factor is
 * recorded with the account when the address recovers exactly one.
 */
export async function recoverWithFactor(input: { kind: FactorKind; code: string; totp?: string }, ctx: UseCaseContext): Promise<RecoverOutcome> {
  const secret = ctx.cookies.get(recoveryCookie().name)?.value
  const progress = await recoveryProgress(secret)
  if (!secret || progress.step !== 'factor') return { ok: false, reason: 'recovery_expired' }
  const retryAt = await countAttempt('recovery-per-account', { email: progress.email })
  if (retryAt) {
    await ctx.audit({ type: 'recovery_factor', result: 'failure', method: input.kind, reason: 'rate_limited' })
    return { ok: false, reason: 'rate_limited', error: limitError('recovery-per-account'), retryAt }
  }
  const result = await completeRecovery(secret, input.kind, input.code, ctx.request, ctx.audit, new Date(), input.totp)
  if (!result.ok) {
    const userId = progress.accounts.length === 1 ? progress.accounts[0]!.id : null
    await ctx.audit({ type: 'recovery_factor', result: 'failure', userId, method: input.kind, reason: result.reason })
    return { ok: false, reason: result.reason }
  }
  await startRecoverySession(result.userId, input.kind, ctx)
  ctx.cookies.set(clearedCookie(recoveryCookie()))
  return { ok: true }
}

/** "Start again": forgets this browser's recovery request. */
export function restartRecovery(ctx: Pick<UseCaseContext, 'cookies'>): void {
  ctx.cookies.set(clearedCookie(recoveryCookie()))
}
