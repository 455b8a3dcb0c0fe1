'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { requestTextSignIn, resendTextSignIn, startTextOver, verifyTextSignIn } from '@/lib/sms/sign-in'
import { phoneNumberField } from '@/lib/sms/phone-number'
import type { ActionState } from '@/lib/web/action-state'
import { returnPathField, textedCodeField } from '@/lib/web/form-fields'

export type PhoneFormState = ActionState<'phone'>
export type TextCodeState = ActionState<'code'>

/** Step 1: the phone number. Any valid number leads to the same "check your phone" screen. */
export const requestTextSignInAction = defineAction(
  {
    guard: 'anonymous',
    fields: { phone: { error: 'phone_invalid', echo: 32 }, returnTo: {} },
    schema: z.object({ phone: phoneNumberField, returnTo: returnPathField }),
  },
  async ({ data, ctx }): Promise<PhoneFormState> => {
    const outcome = await requestTextSignIn(data, ctx)
    if (!outcome.ok) return outcome.state
    redirect('/sign-in/sms/code')
  },
)

/** "Send a new code": the same number again, after a minute. */
export const resendTextAction = defineAction({ guard: 'anonymous', fields: {}, schema: z.object({}) }, async ({ ctx }): Promise<PhoneFormState> => {
  const outcome = await resendTextSignIn(ctx)
  if (outcome.ok) redirect('/sign-in/sms/code')
  if ('state' in outcome) return outcome.state
  redirect('/sign-in/sms')
})

/** Step 2: the texted code, checked against this browser's own request only. */
export const verifyTextAction = defineAction(
  {
    guard: 'anonymous',
    fields: { code: { error: 'text_code_format', echo: 32 } },
    schema: z.object({ code: textedCodeField }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
    event: { type: 'sign_in', method: 'sms_code' },
  },
  async ({ data, typed, ctx }): Promise<TextCodeState> => {
    const outcome = await verifyTextSignIn({ code: data.code, typedCode: typed.code }, ctx)
    if (!outcome.ok) return outcome.state
    redirect(outcome.redirectTo)
  },
)

/** "Use a different number". */
export const startTextOverAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  startTextOver(ctx)
  redirect('/sign-in/sms')
})
