'use server'

import { accountOf } from '@/lib/auth/session/issue'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { checkEmailedCode, sendEmailedCode } from '@/lib/auth/email-code/emailed-code'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { RESEND_COOLDOWN_SECONDS, createEmailChallenge } from '@/lib/auth/email-code/challenge'
import { verifyEmailCode } from '@/lib/auth/email-code/code-check'
import { findPendingSignIn } from '@/lib/auth/email-code/pending-request'
import { signInRecipient } from '@/lib/auth/email-code/challenge'
import { createSession } from '@/lib/auth/session/start'
import { demoAccountFor } from '@/lib/demo/accounts'
import { emailAddressField } from '@/lib/email/address'
import { env } from '@/lib/env'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { clearedCookie } from '@/lib/web/cookies'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { emailedCodeField, returnPathField, timeZoneField } from '@/lib/web/form-fields'
import type { UseCaseContext } from '@/lib/use-case'
import { safeReturnPath } from '@/lib/web/return-path'

export type EmailFormState = ActionState<'email'>
export type CodeFormState = ActionState<'code'>

/** Sends the email that carries a code and a link, after the send limits; the same answer for every address. */
async function startEmailSignIn(email: string, returnTo: string | null, timeZone: string, ctx: UseCaseContext): Promise<EmailFormState> {
  const context = ctx.request
  const policy = env().signup
  const recipient = await signInRecipient(email, policy)
  const sent = await sendEmailedCode({
    email,
    purpose: 'sign_in',
    userId: recipient.userId,
    locks: recipient.locks,
    timeZone,
    delivery: policy,
    ctx,
    requested: { type: 'sign_in_requested', method: 'email' },
    field: 'email',
    create: (knownBrowser) => createEmailChallenge({ email, returnTo, context, policy, recipient, knownBrowser }),
  })
  if (!sent.ok) return sent.state
  redirect('/sign-in/check-email')
}

/** Step 1: the email address. Always leads to the same "check your email" screen. */
export const requestSignInAction = defineAction(
  {
    guard: 'anonymous',
    fields: { email: { error: 'email_invalid', echo: 320 }, returnTo: {}, timeZone: {} },
    schema: z.object({ email: emailAddressField, returnTo: returnPathField, timeZone: timeZoneField }),
  },
  async ({ data, ctx }): Promise<EmailFormState> => startEmailSignIn(data.email, data.returnTo, data.timeZone, ctx),
)

/** "Send a new code": a new request for the same address (the old code stops working), after a 30-second cooldown. */
export const resendCodeAction = defineAction(
  { guard: 'anonymous', fields: { timeZone: {} }, schema: z.object({ timeZone: timeZoneField }) },
  async ({ data, ctx }): Promise<EmailFormState> => {
    const secret = (await cookies()).get(signInRequestCookie().name)?.value
    const pending = secret ? await findPendingSignIn(secret) : null
    if (!pending) redirect('/sign-in')
    const retryAt = new Date(pending.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000)
    if (retryAt > new Date()) return actionError('resend_cooldown', { retryAt })
    return startEmailSignIn(pending.email, pending.returnTo, data.timeZone, ctx)
  },
)

/** Step 2: the 6-digit code, checked against this browser's own request only. */
export const verifyCodeAction = defineAction(
  {
    guard: 'anonymous',
    fields: { code: { error: 'code_format', echo: 32 } },
    schema: z.object({ code: emailedCodeField }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
    event: { type: 'sign_in', method: 'email_code' },
  },
  async (input): Promise<CodeFormState> => {
    const { data, ctx } = input
    const checked = await checkEmailedCode(input, {
      purpose: 'sign_in',
      failure: { type: 'sign_in', method: 'email_code' },
      countFailures: true,
      check: async (browserSecret) => {
        const result = await verifyEmailCode({ browserSecret, code: data.code })
        return result.ok ? { ok: true, value: result } : result
      },
    })
    if (!checked.ok) return checked.state
    const { user, returnTo, requestedAt } = checked.value
    await createSession(accountOf(user), 'email_code', ctx, { startedAt: requestedAt })
    await checked.finish()
    redirect(returnTo ?? '/account')
  },
)

/**
 * Demo mode's one-press sign-in as one of the demo organisation's panel
 * accounts (anyone with the demo mailbox could sign in as them anyway).
 * Outside demo mode, or for any other account, it is refused like an unknown action.
 */
export const demoSignInAction = defineAction(
  {
    guard: 'anonymous',
    fields: { account: {}, returnTo: {} },
    schema: z.object({ account: z.string().max(64), returnTo: z.string().max(512).optional() }),
    invalid: 'not_found',
  },
  async ({ data, ctx }): Promise<ActionState<'account'>> => {
    const account = await demoAccountFor(data.account)
    if (!account) return actionError('not_found')
    await createSession(account.id, account.method, ctx)
    redirect(safeReturnPath(data.returnTo) ?? '/account')
  },
)

/** "Use a different email": forget this browser's request and start over (keeping where to go afterwards). */
export const startOverAction = defineCommand({ guard: 'public' }, async (): Promise<void> => {
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie().name)?.value
  const returnTo = secret ? (await findPendingSignIn(secret))?.returnTo : null
  jar.set(clearedCookie(signInRequestCookie()))
  redirect(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in')
})
