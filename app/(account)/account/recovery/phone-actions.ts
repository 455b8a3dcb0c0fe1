'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { phoneNumberField } from '@/lib/sms/phone-number'
import { confirmPhoneProof, removePhone, sendPhoneProof } from '@/lib/sms/phone'
import type { ActionState } from '@/lib/web/action-state'
import { textedCodeField } from '@/lib/web/form-fields'

// Adding or removing the number that texted codes go to needs a sign-in or confirmation within 10 minutes.
const PAGE = '/account/recovery'

export type PhoneState = ActionState<'phone' | 'code'>

/** Texts a code to the number typed; it counts once the code comes back. */
export const sendPhoneCodeAction = defineAction(
  { guard: 'recently-verified', page: PAGE, fields: { phone: { error: 'phone_invalid', echo: 32 } }, schema: z.object({ phone: phoneNumberField }) },
  async ({ data, session, ctx }): Promise<PhoneState> => {
    const sent = await sendPhoneProof(data, session, ctx)
    if (!sent.ok) return sent.state
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)

/** Completes adding the number with the texted code. */
export const confirmPhoneAction = defineAction(
  {
    guard: 'recently-verified',
    page: PAGE,
    fields: { code: { error: 'text_code_format', echo: 32 } },
    schema: z.object({ code: textedCodeField }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
  },
  async ({ data, typed, session, ctx }): Promise<PhoneState> => {
    const proven = await confirmPhoneProof({ code: data.code, typedCode: typed.code }, session, ctx)
    if (!proven.ok) return proven.state
    revalidatePath(PAGE)
    const t = await getTranslations('recovery.phone')
    return { status: 'success', message: t('confirmed', { phone: proven.masked }) }
  },
)

export const removePhoneAction = defineAction(
  { guard: 'recently-verified', page: PAGE, fields: {}, schema: z.object({}) },
  async ({ session, ctx }): Promise<PhoneState> => {
    await removePhone(session, ctx)
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)
