import 'server-only'
import { checkEmailedCode, sendEmailedCode, type Refused } from '../auth/email-code/emailed-code'
import type { UseCaseContext } from '../use-case'
import { proveRecoveryEmail, recoveryRecipient, startRecovery } from './self-service'

/**
 * Step 1 of "Lost your passkey?": an emailed code to an address of the
 * account, then that code back from this browser. Both steps answer every
 * address alike, so nobody learns from them whether an account exists.
 */

/** Sends the code, after the send limits. Addresses that recover nothing get the same answer and no email. */
export async function requestRecovery(input: { email: string; timeZone: string }, ctx: UseCaseContext): Promise<Refused<'email'> | { ok: true }> {
  const { email, timeZone } = input
  const recipient = await recoveryRecipient(email)
  const sent = await sendEmailedCode({
    email,
    purpose: 'recovery',
    userId: recipient.userId,
    timeZone,
    // Sent after the response (with retries), as only known addresses get it: every address is answered alike.
    delivery: 'invite-only',
    ctx,
    requested: { type: 'recovery_requested', method: 'email' },
    field: 'email',
    create: (knownBrowser) => startRecovery(email, ctx.request, { recipient, knownBrowser }),
  })
  return sent.ok ? { ok: true } : sent
}

/**
 * Checks the code from the email against this browser's request; wrong codes
 * count toward the address's lock. The request cookie stays: step 2 reads it.
 */
export async function verifyRecoveryEmail(
  input: { data: { code: string }; typed: { code?: string } },
  ctx: UseCaseContext,
): Promise<Refused<'code'> | { ok: true }> {
  const checked = await checkEmailedCode(
    { typed: input.typed, ctx },
    {
      purpose: 'recovery',
      failure: { type: 'recovery_email_proven', method: 'email_code' },
      countFailures: true,
      check: async (browserSecret) => {
        const result = await proveRecoveryEmail(browserSecret, input.data.code)
        return result.ok ? { ok: true, value: result } : result
      },
    },
  )
  if (!checked.ok) return checked
  await ctx.audit({ type: 'recovery_email_proven', result: 'success', userId: checked.value.userId, method: 'email_code' })
  return { ok: true }
}
