'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { requestSignIn, resendCode, startOver, verifyCode } from '@/lib/auth/email-code/sign-in'
import { demoSignIn } from '@/lib/demo/sign-in'
import { emailAddressField } from '@/lib/email/address'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { emailedCodeField, returnPathField, timeZoneField } from '@/lib/web/form-fields'
import { safeReturnPath } from '@/lib/web/return-path'

export type EmailFormState = ActionState<'email'>
export type CodeFormState = ActionState<'code'>

/** Step 1: the email address. Always leads to the same "check your email" screen. */
export const requestSignInAction = defineAction(
  {
    guard: 'anonymous',
    fields: { email: { error: 'email_invalid', echo: 320 }, returnTo: {}, timeZone: {} },
    schema: z.object({ email: emailAddressField, returnTo: returnPathField, timeZone: timeZoneField }),
  },
  async ({ data, ctx }): Promise<EmailFormState> => {
    const outcome = await requestSignIn(data, ctx)
    if (!outcome.ok) return outcome.state
    redirect('/sign-in/check-email')
  },
)

/** "Send a new code": a new request for the same address, after a cooldown. */
export const resendCodeAction = defineAction(
  { guard: 'anonymous', fields: { timeZone: {} }, schema: z.object({ timeZone: timeZoneField }) },
  async ({ data, ctx }): Promise<EmailFormState> => {
    const outcome = await resendCode(data, ctx)
    if (outcome.ok) redirect('/sign-in/check-email')
    if ('state' in outcome) return outcome.state
    redirect('/sign-in')
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
  async ({ data, typed, ctx }): Promise<CodeFormState> => {
    const outcome = await verifyCode({ code: data.code, typedCode: typed.code }, ctx)
    if (!outcome.ok) return outcome.state
    redirect(outcome.redirectTo)
  },
)

/** Demo mode's one-press sign-in as a panel account; refused like an unknown action anywhere else. */
export const demoSignInAction = defineAction(
  {
    guard: 'anonymous',
    fields: { account: {}, returnTo: {} },
    schema: z.object({ account: z.string().max(64), returnTo: z.string().max(512).optional() }),
    invalid: 'not_found',
  },
  async ({ data, ctx }): Promise<ActionState<'account'>> => {
    const outcome = await demoSignIn(data, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    redirect(safeReturnPath(data.returnTo) ?? '/account')
  },
)

/** "Use a different email": forget this browser's request and start over (keeping where to go afterwards). */
export const startOverAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  const { returnTo } = await startOver(ctx)
  redirect(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in')
})
