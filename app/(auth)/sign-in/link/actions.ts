'use server'

import { accountOf } from '@/lib/auth/session/issue'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { confirmEmailLink } from '@/lib/auth/email-code/link'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { createSession } from '@/lib/auth/session/start'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { clearedCookie } from '@/lib/web/cookies'

export type ConfirmLinkState = ActionState<'number' | 'code'>

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
    schema: z.object({
      token: z.string().max(128),
      mode: z.enum(['here', 'approve']),
      code: z
        .string()
        .max(16)
        .optional()
        .transform((value) => (value ?? '').normalize('NFKC').replace(/\s/g, '')),
      // Typed on a phone: fullwidth digits and spaces are forgiven.
      number: z
        .string()
        .max(16)
        .optional()
        .transform((value) => (value ?? '').normalize('NFKC').replace(/\s/g, '')),
    }),
    limit: [{ policy: 'verify-per-ip' }],
    event: { type: 'sign_in', method: 'magic_link' },
  },
  async ({ data, audit, ctx }): Promise<ConfirmLinkState> => {
    const { token, mode, number, code } = data
    const browserSecret = (await cookies()).get(signInRequestCookie().name)?.value
    const result = await confirmEmailLink({ linkToken: token, mode, number, code, browserSecret })
    if (!result.ok) {
      await audit({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'magic_link', reason: result.reason })
      const field = result.reason === 'approval_number_wrong' ? 'number' : result.reason === 'code_wrong' ? 'code' : undefined
      return actionError(result.reason, field ? { field } : {})
    }
    if (mode === 'approve') {
      await audit({ type: 'sign_in_approved', result: 'success', userId: result.user.id, method: 'magic_link' })
      return { status: 'success', message: 'Approved. The other device is signing in now; you can close this page.' }
    }
    await createSession(accountOf(result.user), 'magic_link', ctx, { startedAt: result.requestedAt })
    ;(await cookies()).set(clearedCookie(signInRequestCookie()))
    redirect(result.returnTo ?? '/account')
  },
)
