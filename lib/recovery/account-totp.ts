import 'server-only'
import type { UseCaseContext } from '../use-case'
import { sendAccountNotice } from './notices'
import { confirmTotpEnrollment, removeTotp, startTotpEnrollment, type TotpFailure } from './totp'

/** Adding and removing the account's authenticator app; every address hears of a change. */

/** Starts adding an app (the page then shows its QR code); refused when the account already has one. */
export async function startTotp(session: { user: { id: string; email: string } }): Promise<{ ok: true } | { ok: false; reason: 'totp_exists' }> {
  return (await startTotpEnrollment(session.user)) ? { ok: true } : { ok: false, reason: 'totp_exists' }
}

/** Completes it with the code the app shows now; a wrong one is recorded. */
export async function confirmTotp(
  input: { code: string },
  session: { user: { id: string } },
  ctx: UseCaseContext,
): Promise<{ ok: true } | { ok: false; reason: TotpFailure }> {
  const userId = session.user.id
  const result = await confirmTotpEnrollment(userId, input.code, ctx.audit)
  if (!result.ok) {
    await ctx.audit({ type: 'totp_added', result: 'failure', reason: result.reason })
    return result
  }
  ctx.later(() => sendAccountNotice('totp_added', { userId, context: ctx.request }))
  return { ok: true }
}

/** Removes the app, or cancels setting one up; only a removal is news to the person. */
export async function removeTotpFactor(session: { user: { id: string } }, ctx: UseCaseContext): Promise<{ removed: boolean }> {
  const userId = session.user.id
  const removed = (await removeTotp(userId, ctx.audit)) === 'removed'
  if (removed) ctx.later(() => sendAccountNotice('totp_removed', { userId, context: ctx.request }))
  return { removed }
}
