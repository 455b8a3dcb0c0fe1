'use server'

import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { actionError, formFields, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { createSession } from '@/lib/auth/session/start'
import { confirmEmailLink } from '@/lib/auth/email-code/challenge'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

export type ConfirmLinkState = ActionState<'number'>

const confirmSchema = z.object({
  token: z.string().max(128),
  mode: z.enum(['here', 'approve']),
  // Typed on a phone: fullwidth digits and spaces are forgiven.
  number: z
    .string()
    .max(16)
    .optional()
    .transform((value) => (value ?? '').normalize('NFKC').replace(/\s/g, '')),
})

/**
 * The only request that consumes a sign-in link: a POST from the confirmation
 * page. "here" signs this browser in; "approve" lets the browser that asked
 * for the email (waiting on its check-email screen) sign in instead.
 */
export async function confirmLinkAction(_previous: ConfirmLinkState, form: FormData): Promise<ConfirmLinkState> {
  const parsed = confirmSchema.safeParse(formFields(form, ['token', 'mode', 'number']))
  if (!parsed.success) return actionError('bad_request')
  const { token, mode, number } = parsed.data
  const context = await getRequestContext()
  const verificationsUntil = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (verificationsUntil) {
    await recordEvent({ type: 'sign_in', result: 'failure', method: 'magic_link', reason: 'rate_limited', context })
    return actionError('rate_limited_verify', { retryAt: verificationsUntil })
  }

  const result = await confirmEmailLink({ linkToken: token, mode, number })
  if (!result.ok) {
    await recordEvent({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'magic_link', reason: result.reason, context })
    return actionError(result.reason, result.reason === 'approval_number_wrong' ? { field: 'number' } : {})
  }
  if (result.user.created) await recordEvent({ type: 'account_created', result: 'success', userId: result.user.id, method: 'magic_link', context })
  if (mode === 'approve') {
    await recordEvent({ type: 'sign_in_approved', result: 'success', userId: result.user.id, method: 'magic_link', context })
    return { status: 'success', message: 'Approved. The other device is signing in now; you can close this page.' }
  }
  await createSession(result.user, 'magic_link')
  ;(await cookies()).delete(signInRequestCookie().name)
  redirect(result.returnTo ?? '/account')
}
