'use server'

import { cookies } from 'next/headers'
import { after } from 'next/server'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { emailedCodeField, parseAddressForm, timeZoneField } from '@/lib/web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { createSession } from '@/lib/auth/session/start'
import { requireAnonymous } from '@/lib/auth/dal'
import { emailAddressField } from '@/lib/email/address'
import { deliverChallengeEmail } from '@/lib/auth/email-code/delivery'
import { browserStanding, countCodeFailure, emailRequestRefusal, sendPausedNotice } from '@/lib/auth/email-code/limits'
import { RESEND_COOLDOWN_SECONDS, createEmailChallenge, findPendingSignIn, signInRecipient, verifyEmailCode } from '@/lib/auth/email-code/challenge'
import { safeReturnPath } from '@/lib/web/return-path'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { env } from '@/lib/env'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext, type RequestContext } from '@/lib/web/request-context'

export type EmailFormState = ActionState<'email'>
export type CodeFormState = ActionState<'code'>

const requestSchema = z.object({
  email: emailAddressField,
  returnTo: z
    .string()
    .max(512)
    .optional()
    .transform((value) => safeReturnPath(value)),
  timeZone: timeZoneField,
})

const resendSchema = z.object({ timeZone: timeZoneField })

const codeSchema = z.object({ code: emailedCodeField })

/** Sends the email that carries a code and a link, after the send limits; the same answer for every address. */
async function startEmailSignIn(email: string, returnTo: string | null, timeZone: string, context: RequestContext): Promise<EmailFormState> {
  const policy = env().signup
  const recipient = await signInRecipient(email, policy)
  const standing = await browserStanding(recipient.userId)
  const refused = await emailRequestRefusal({ email, ipAddress: context.ipAddress, purpose: 'sign_in', userId: recipient.userId, standing })
  if (refused) {
    await recordEvent({ type: 'sign_in_requested', result: 'failure', method: 'email', reason: refused.reason, context })
    return actionError(refused.code, { field: 'email', retryAt: refused.retryAt ?? undefined, values: { email } })
  }

  const challenge = await createEmailChallenge({ email, returnTo, context, policy, recipient, knownBrowser: standing === 'known' })
  const delivery = await deliverChallengeEmail(challenge, context, timeZone, policy)
  await recordEvent({
    type: 'sign_in_requested',
    result: delivery === 'failed' ? 'failure' : 'success',
    userId: challenge.userId,
    method: 'email',
    reason: delivery === 'failed' ? 'email_failed' : null,
    context,
  })
  if (delivery === 'failed') return actionError('email_send_failed', { field: 'email', values: { email } })

  const cookie = signInRequestCookie()
  ;(await cookies()).set(cookie.name, challenge.browserSecret, cookie.options)
  redirect('/sign-in/check-email')
}

/** Step 1: the email address. Always leads to the same "check your email" screen. */
export async function requestSignInAction(_previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const parsed = parseAddressForm(form, requestSchema, ['email', 'returnTo', 'timeZone'])
  if (!parsed.ok) return parsed.state
  await requireAnonymous()
  const { email, returnTo, timeZone } = parsed.data
  return startEmailSignIn(email, returnTo, timeZone, await getRequestContext())
}

/** "Send a new code": a new request for the same address (the old code stops working), after a 30-second cooldown. */
export async function resendCodeAction(_previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const parsed = resendSchema.safeParse(formFields(form, ['timeZone']))
  if (!parsed.success) return actionError('bad_request')
  await requireAnonymous()
  const secret = (await cookies()).get(signInRequestCookie().name)?.value
  const pending = secret ? await findPendingSignIn(secret) : null
  if (!pending) redirect('/sign-in')
  const retryAt = new Date(pending.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000)
  if (retryAt > new Date()) return actionError('resend_cooldown', { retryAt })
  return startEmailSignIn(pending.email, pending.returnTo, parsed.data.timeZone, await getRequestContext())
}

/** Step 2: the 6-digit code, checked against this browser's own request only. */
export async function verifyCodeAction(_previous: CodeFormState, form: FormData): Promise<CodeFormState> {
  const fields = formFields(form, ['code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 32)
  const parsed = codeSchema.safeParse(fields)
  if (!parsed.success) return fieldError('code', parsed.error.issues[0]?.message, 'code_format', { code: typed })
  await requireAnonymous()
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie().name)?.value
  if (!secret) return actionError('request_gone', { field: 'code' })
  const context = await getRequestContext()
  const verificationsUntil = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (verificationsUntil) {
    await recordEvent({ type: 'sign_in', result: 'failure', method: 'email_code', reason: 'rate_limited', context })
    return actionError('rate_limited_verify', { field: 'code', retryAt: verificationsUntil, values: { code: typed } })
  }

  const result = await verifyEmailCode({ browserSecret: secret, code: parsed.data.code })
  if (!result.ok) {
    await recordEvent({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'email_code', reason: result.reason, context })
    if ((result.reason === 'code_wrong' || result.reason === 'code_burned') && result.email) {
      const standing = await browserStanding(result.userId)
      const lock = await countCodeFailure({ email: result.email, userId: result.userId, purpose: 'sign_in', standing, context })
      if (lock.paused) {
        const userId = result.userId
        if (userId && lock.noticeDue) after(() => sendPausedNotice(userId, context))
        return actionError('email_sign_in_paused', { field: 'code' })
      }
      if (lock.lockedUntil) {
        await recordEvent({ type: 'sign_in', result: 'failure', userId: result.userId, method: 'email_code', reason: 'account_locked', context })
        return actionError('account_locked', { field: 'code', retryAt: lock.lockedUntil })
      }
    }
    return actionError(result.reason, { field: 'code', values: result.reason === 'code_wrong' ? { code: typed } : {} })
  }

  if (result.user.created) await recordEvent({ type: 'account_created', result: 'success', userId: result.user.id, method: 'email_code', context })
  await createSession(result.user, 'email_code')
  jar.delete(signInRequestCookie().name)
  redirect(result.returnTo ?? '/account')
}

/** "Use a different email": forget this browser's request and start over (keeping where to go afterwards). */
export async function startOverAction(): Promise<void> {
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie().name)?.value
  const returnTo = secret ? (await findPendingSignIn(secret))?.returnTo : null
  jar.delete(signInRequestCookie().name)
  redirect(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in')
}
