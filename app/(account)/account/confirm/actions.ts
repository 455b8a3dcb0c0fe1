'use server'

import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { sendStepUpCode, verifyStepUpCode } from '@/lib/auth/session/step-up-code'
import type { ActionState } from '@/lib/web/action-state'
import { emailedCodeField, returnPathField, timeZoneField } from '@/lib/web/form-fields'

const PAGE = '/account/confirm'

export type StepUpEmailState = ActionState<'code'> | { status: 'sent'; message: string }

const returnToField = returnPathField.transform((value) => value ?? '/account')

/** "Email me a code" to confirm it's you: the same kind of code and limits as sign-in, to the account's own address. */
export const sendStepUpCodeAction = defineAction(
  { guard: 'session', page: PAGE, fields: { returnTo: {}, timeZone: {} }, schema: z.object({ returnTo: returnToField, timeZone: timeZoneField }) },
  async ({ data, session, ctx }): Promise<StepUpEmailState> => {
    const outcome = await sendStepUpCode(data, session, ctx)
    if (!outcome.ok) return outcome.state
    const t = await getTranslations('account.confirm')
    return { status: 'sent', message: t('sent', { email: session.user.email }) }
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
  async ({ data, session, typed, ctx }): Promise<StepUpEmailState> => {
    const outcome = await verifyStepUpCode({ code: data.code, typedCode: typed.code, returnTo: data.returnTo }, session, ctx)
    if (!outcome.ok) return outcome.state
    redirect(data.returnTo)
  },
)
