import 'server-only'
import type { UseCaseContext } from '../use-case'
import { redeemAccessCode, reportAccessCode, type RedeemResult } from './access-codes'
import { startRecoverySession } from './recovery-session'

/** The person's side of a helpdesk access code: using it, or stopping it from the email's link. */

export type AccessCodeOutcome = { ok: true } | { ok: false; reason: Extract<RedeemResult, { ok: false }>['reason'] }

/**
 * The person's address and the code the agent read out start the same
 * recovery session as self-service recovery. A refusal is recorded with the
 * account and the code when they are known; the answer names neither.
 */
export async function recoverWithAccessCode(input: { email: string; code: string }, ctx: UseCaseContext): Promise<AccessCodeOutcome> {
  const result = await redeemAccessCode(input.email, input.code, ctx.request, ctx.audit)
  if (!result.ok) {
    await ctx.audit({
      type: 'access_code_used',
      result: 'failure',
      userId: result.userId ?? null,
      reason: result.reason,
      detail: result.accessCodeId ? { accessCodeId: result.accessCodeId } : undefined,
    })
    return { ok: false, reason: result.reason }
  }
  await startRecoverySession(result.userId, 'access_code', ctx)
  return { ok: true }
}

/** "I didn't ask for this", from any browser: stops the code if it still works, and records the report either way. */
export async function reportAccessCodeFromEmail(
  input: { token: string },
  ctx: Pick<UseCaseContext, 'audit'>,
): Promise<{ ok: true; stopped: boolean } | { ok: false }> {
  const result = await reportAccessCode(input.token, ctx.audit)
  return result.ok ? { ok: true, stopped: result.stopped } : { ok: false }
}
