import 'server-only'
import { env } from '../../env'
import { browserStanding, countWrongCode, emailRequestRefusal } from '../../limits/email-code'
import type { UseCaseContext } from '../../use-case'
import { actionError, type ActionState } from '../../web/action-state'
import { clearedCookie } from '../../web/cookies'
import { accountOf } from '../session/issue'
import { createSession } from '../session/start'
import { RESEND_COOLDOWN_SECONDS, createEmailChallenge, signInRecipient } from './challenge'
import { verifyEmailCode } from './code-check'
import { deliverChallengeEmail } from './delivery'
import { codeRefusal } from './emailed-code'
import { findPendingSignIn } from './pending-request'
import { signInRequestCookie } from './request-cookie'

/**
 * Signing in with an emailed code, signed out: the address, the code, a new
 * code, starting over. Each step calls the modules that run its statements
 * itself (the recipient and the challenge, the limits, the delivery, the
 * session), so what a step costs reads from here.
 */

export type RequestSignInOutcome = { ok: true } | { ok: false; state: ActionState<'email'> }

/**
 * Step 1: sends the email that carries a code and a link, after the send
 * limits; the same answer for every address. An address that gets no email
 * (unknown under invite-only, a suspended account) gets a request nothing
 * can match and this browser's cookie all the same.
 */
export async function requestSignIn(input: { email: string; returnTo: string | null; timeZone: string }, ctx: UseCaseContext): Promise<RequestSignInOutcome> {
  const { email, returnTo, timeZone } = input
  const policy = env().signup
  const recipient = await signInRecipient(email, policy)
  const standing = browserStanding(recipient.userId, ctx.cookies)
  const refused = await emailRequestRefusal({
    email,
    ipAddress: ctx.request.ipAddress,
    purpose: 'sign_in',
    userId: recipient.userId,
    standing,
    locks: recipient.locks,
  })
  if (refused) {
    await ctx.audit({ type: 'sign_in_requested', result: 'failure', method: 'email', reason: refused.reason })
    return { ok: false, state: actionError(refused.code, { field: 'email', retryAt: refused.retryAt ?? undefined, values: { email } }) }
  }
  const knownBrowser = standing === 'known'
  const challenge = await createEmailChallenge({ email, returnTo, context: ctx.request, policy, recipient, knownBrowser })
  // Open sign-up sends now and can say it failed; invite-only answers at once and sends after the response.
  const failed = (await deliverChallengeEmail(challenge, ctx, timeZone, policy)) === 'failed'
  await ctx.audit({
    type: 'sign_in_requested',
    result: failed ? 'failure' : 'success',
    userId: challenge.userId,
    method: 'email',
    reason: failed ? 'email_failed' : null,
  })
  if (failed) return { ok: false, state: actionError('email_send_failed', { field: 'email', values: { email } }) }
  const cookie = signInRequestCookie()
  ctx.cookies.set(cookie.name, challenge.browserSecret, cookie.options)
  return { ok: true }
}

export type ResendCodeOutcome = RequestSignInOutcome | { ok: false; reason: 'request_gone' }

/** "Send a new code": a new request for the same address (the old code stops working), after a 30-second cooldown. */
export async function resendCode(input: { timeZone: string }, ctx: UseCaseContext): Promise<ResendCodeOutcome> {
  const secret = ctx.cookies.get(signInRequestCookie().name)?.value
  const pending = secret ? await findPendingSignIn(secret) : null
  if (!pending) return { ok: false, reason: 'request_gone' }
  const retryAt = new Date(pending.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000)
  if (retryAt > new Date()) return { ok: false, state: actionError('resend_cooldown', { retryAt }) }
  return requestSignIn({ email: pending.email, returnTo: pending.returnTo, timeZone: input.timeZone }, ctx)
}

export type VerifyCodeOutcome = { ok: true; redirectTo: string } | { ok: false; state: ActionState<'code'> }

/**
 * Step 2: the 6-digit code, checked against this browser's own request only.
 * A wrong code counts toward the address's lock; reaching it is recorded too.
 * `typedCode` is the code as typed, kept in the field after a wrong code.
 */
export async function verifyCode(input: { code: string; typedCode?: string }, ctx: UseCaseContext): Promise<VerifyCodeOutcome> {
  const cookie = signInRequestCookie()
  const browserSecret = ctx.cookies.get(cookie.name)?.value
  if (!browserSecret) return { ok: false, state: actionError('request_gone', { field: 'code' }) }
  const result = await verifyEmailCode({ browserSecret, code: input.code })
  if (!result.ok) {
    const { userId, reason } = result
    await ctx.audit({ type: 'sign_in', result: 'failure', userId: userId ?? undefined, method: 'email_code', reason })
    const lock = await countWrongCode({ reason, email: result.email, userId, purpose: 'sign_in' }, ctx)
    if (lock?.lockedUntil) await ctx.audit({ type: 'sign_in', result: 'failure', userId, method: 'email_code', reason: 'account_locked' })
    return { ok: false, state: codeRefusal(reason, lock, input.typedCode) }
  }
  await createSession(accountOf(result.user), 'email_code', ctx, { startedAt: result.requestedAt })
  ctx.cookies.set(clearedCookie(cookie))
  return { ok: true, redirectTo: result.returnTo ?? '/account' }
}

/** "Use a different email": forgets this browser's request; where to go after signing in is kept. */
export async function startOver(ctx: Pick<UseCaseContext, 'cookies'>): Promise<{ returnTo: string | null }> {
  const cookie = signInRequestCookie()
  const secret = ctx.cookies.get(cookie.name)?.value
  const returnTo = secret ? ((await findPendingSignIn(secret))?.returnTo ?? null) : null
  ctx.cookies.set(clearedCookie(cookie))
  return { returnTo }
}
