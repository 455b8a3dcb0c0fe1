'use server'

import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { confirmLink } from '@/lib/auth/email-code/link-sign-in'
import type { ActionState } from '@/lib/web/action-state'

export type ConfirmLinkState = ActionState<'number' | 'code'>

/** Typed on a phone: fullwidth digits and spaces are forgiven. */
const typedDigits = z
  .string()
  .max(16)
  .optional()
  .transform((value) => (value ?? '').normalize('NFKC').replace(/\s/g, ''))

/**
 * The only request that consumes a sign-in link: a POST from the confirmation
 * page, from any browser (signed in or not). "here" signs this browser in;
 * "approve" lets the browser that asked for the email (waiting on its
 * check-email screen) sign in instead.
 */
export const confirmLinkAction = defineAction(
  {
    guard: 'public',
    fields: { token: {}, mode: {}, number: {}, code: {} },
    schema: z.object({ token: z.string().max(128), mode: z.enum(['here', 'approve']), code: typedDigits, number: typedDigits }),
    limit: [{ policy: 'verify-per-ip' }],
    event: { type: 'sign_in', method: 'magic_link' },
  },
  async ({ data, ctx }): Promise<ConfirmLinkState> => {
    const outcome = await confirmLink(data, ctx)
    if (!outcome.ok) return outcome.state
    if (outcome.mode === 'approve') return { status: 'success', message: (await getTranslations('signIn.link'))('approved') }
    redirect(outcome.redirectTo)
  },
)
