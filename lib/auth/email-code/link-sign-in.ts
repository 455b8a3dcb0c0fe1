import 'server-only'
import type { UseCaseContext } from '../../use-case'
import { actionError, type ActionState } from '../../web/action-state'
import { clearedCookie } from '../../web/cookies'
import { accountOf } from '../session/issue'
import { createSession } from '../session/start'
import { signInDelivery, type SignInDelivery } from '../../email/delivery-views'
import { challengeIdFor } from './challenge'
import { confirmEmailLink } from './link'
import { claimApprovedSignIn, findPendingSignIn } from './pending-request'
import { signInRequestCookie } from './request-cookie'

/**
 * Signing in with the emailed link: confirming it (here, or approving the
 * browser that asked), and that browser's poll for the approval.
 */

export type ConfirmLinkOutcome =
  { ok: true; mode: 'here'; redirectTo: string } | { ok: true; mode: 'approve' } | { ok: false; state: ActionState<'number' | 'code'> }

/**
 * The only request that consumes a sign-in link, from any browser (signed in
 * or not). "here" signs this browser in; "approve" lets the browser that asked
 * for the email (waiting on its check-email screen) sign in instead.
 */
export async function confirmLink(
  input: { token: string; mode: 'here' | 'approve'; number: string; code: string },
  ctx: UseCaseContext,
): Promise<ConfirmLinkOutcome> {
  const { token, mode, number, code } = input
  const cookie = signInRequestCookie()
  const browserSecret = ctx.cookies.get(cookie.name)?.value
  const result = await confirmEmailLink({ linkToken: token, mode, number, code, browserSecret })
  if (!result.ok) {
    await ctx.audit({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'magic_link', reason: result.reason })
    const field = result.reason === 'approval_number_wrong' ? 'number' : result.reason === 'code_wrong' ? 'code' : undefined
    return { ok: false, state: actionError(result.reason, field ? { field } : {}) }
  }
  if (mode === 'approve') {
    await ctx.audit({ type: 'sign_in_approved', result: 'success', userId: result.user.id, method: 'magic_link' })
    return { ok: true, mode }
  }
  await createSession(accountOf(result.user), 'magic_link', ctx, { startedAt: result.requestedAt })
  ctx.cookies.set(clearedCookie(cookie))
  return { ok: true, mode, redirectTo: result.returnTo ?? '/account' }
}

export type SignInStatus = { state: 'waiting'; delivery: SignInDelivery } | { state: 'gone' } | { state: 'signed-in'; redirectTo: string }

/**
 * The check-email screen's poll: once the emailed link was approved on
 * another device, this browser, identified by its sign-in cookie, is signed
 * in (exactly one poll wins the approval). While it waits, it hears what the
 * provider said about its email.
 */
export async function signInStatus(ctx: UseCaseContext): Promise<SignInStatus> {
  const cookie = signInRequestCookie()
  const secret = ctx.cookies.get(cookie.name)?.value
  if (!secret || secret.length > 128) return { state: 'gone' }
  const claimed = await claimApprovedSignIn(secret)
  if (claimed) {
    await createSession(accountOf(claimed.user), 'magic_link', ctx, { startedAt: claimed.requestedAt })
    ctx.cookies.set(clearedCookie(cookie))
    return { state: 'signed-in', redirectTo: claimed.returnTo ?? '/account' }
  }
  const pending = await findPendingSignIn(secret)
  const waiting = pending && (pending.status === 'pending' || pending.status === 'approved') && pending.expiresAt > new Date()
  if (!waiting) return { state: 'gone' }
  return { state: 'waiting', delivery: await signInDelivery({ id: challengeIdFor(secret), createdAt: pending.createdAt, emailed: pending.emailed }) }
}
