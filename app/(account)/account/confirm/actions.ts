'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { checkEmailedCode, sendEmailedCode } from '@/lib/auth/email-code/emailed-code'
import { defineAction } from '@/lib/actions/pipeline'
import { createEmailChallenge } from '@/lib/auth/email-code/challenge'
import { checkEmailCode } from '@/lib/auth/email-code/code-check'
import { confirmPresence } from '@/lib/auth/session/step-up'
import { stepUpNeedsPasskey } from '@/lib/policy/decide'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { emailedCodeField, returnPathField, timeZoneField } from '@/lib/web/form-fields'

const PAGE = '/account/confirm'

export type StepUpEmailState = ActionState<'code'> | { status: 'sent'; message: string }

const returnToField = returnPathField.transform((value) => value ?? '/account')

/** "Email me a code" to confirm it's you: the same kind of code and limits as sign-in, to the account's own address. */
export const sendStepUpCodeAction = defineAction(
  { guard: 'session', page: PAGE, fields: { returnTo: {}, timeZone: {} }, schema: z.object({ returnTo: returnToField, timeZone: timeZoneField }) },
  async ({ data, session, context, ctx }): Promise<StepUpEmailState> => {
    if (stepUpNeedsPasskey(session.policy)) return actionError('step_up_passkey_required')
    const email = session.user.email
    const sent = await sendEmailedCode({
      email,
      purpose: 'step_up',
      userId: session.user.id,
      timeZone: data.timeZone,
      delivery: 'now',
      ctx,
      create: (knownBrowser) =>
        createEmailChallenge({
          knownBrowser,
          email,
          returnTo: data.returnTo,
          context,
          purpose: 'step_up',
          recipient: { userId: session.user.id, deliver: true },
        }),
    })
    if (!sent.ok) return sent.state
    return { status: 'sent', message: `We sent a 6-digit code to ${email}.` }
  },
)

export const verifyStepUpCodeAction = defineAction(
  {
    guard: 'session',
    page: PAGE,
    fields: { returnTo: {}, code: { error: 'code_format', echo: 32 } },
    schema: z.object({ returnTo: returnToField, code: emailedCodeField }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
  },
  async (input): Promise<StepUpEmailState> => {
    const { data, session, audit } = input
    if (stepUpNeedsPasskey(session.policy)) {
      await audit({ type: 'step_up', result: 'failure', method: 'email_code', reason: 'step_up_passkey_required' })
      return actionError('step_up_passkey_required')
    }
    const checked = await checkEmailedCode(input, {
      purpose: 'step_up',
      failure: { type: 'step_up', method: 'email_code' },
      countFailures: false,
      check: async (browserSecret) => {
        const result = await checkEmailCode({ browserSecret, code: data.code, purpose: 'step_up' })
        // A code sent to another account (another browser's cookie) is just a wrong code here.
        if (!result.ok || result.userId !== session.user.id) return { ok: false, reason: result.ok ? 'code_wrong' : result.reason, userId: session.user.id }
        return { ok: true, value: result }
      },
    })
    if (!checked.ok) return checked.state
    await checked.finish()
    const sessionId = await confirmPresence(session, 'email_code')
    if (!sessionId) return actionError('signed_out')
    await audit({ type: 'step_up', result: 'success', method: 'email_code', sessionId })
    redirect(data.returnTo)
  },
)
