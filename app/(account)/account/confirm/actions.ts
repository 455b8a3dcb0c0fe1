'use server'

import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { emailedCodeField, timeZoneField } from '@/lib/web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { requireSession } from '@/lib/auth/dal'
import { browserStanding, emailRequestRefusal } from '@/lib/auth/email-code/limits'
import { checkEmailCode, createEmailChallenge, sendEmailChallenge } from '@/lib/auth/email-code/challenge'
import { safeReturnPath } from '@/lib/web/return-path'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { confirmPresence } from '@/lib/auth/session/step-up'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

export type StepUpEmailState = ActionState<'code'> | { status: 'sent'; message: string }

const returnToField = z
  .string()
  .max(512)
  .optional()
  .transform((value) => safeReturnPath(value) ?? '/account')

const sendSchema = z.object({ returnTo: returnToField, timeZone: timeZoneField })

const verifySchema = z.object({ returnTo: returnToField, code: emailedCodeField })

/** "Email me a code" to confirm it's you: the same kind of code and limits as sign-in, to the account's own address. */
export async function sendStepUpCodeAction(_previous: StepUpEmailState, form: FormData): Promise<StepUpEmailState> {
  const parsed = sendSchema.safeParse(formFields(form, ['returnTo', 'timeZone']))
  if (!parsed.success) return actionError('bad_request')
  const session = await requireSession('/account/confirm')
  const context = await getRequestContext()
  const email = session.user.email
  const standing = await browserStanding(session.user.id)
  const refused = await emailRequestRefusal({ email, ipAddress: context.ipAddress, purpose: 'step_up', userId: session.user.id, standing })
  if (refused) return actionError(refused.code, { retryAt: refused.retryAt ?? undefined })
  const challenge = await createEmailChallenge({
    knownBrowser: standing === 'known',
    email,
    returnTo: parsed.data.returnTo,
    context,
    purpose: 'step_up',
    recipient: { userId: session.user.id, deliver: true },
  })
  try {
    await sendEmailChallenge(challenge, context, parsed.data.timeZone)
  } catch {
    await recordEvent({ type: 'email_failed', result: 'failure', userId: session.user.id, reason: 'step_up_code', context })
    return actionError('email_send_failed')
  }
  const cookie = signInRequestCookie('step_up')
  ;(await cookies()).set(cookie.name, challenge.browserSecret, cookie.options)
  return { status: 'sent', message: `We sent a 6-digit code to ${email}.` }
}

export async function verifyStepUpCodeAction(_previous: StepUpEmailState, form: FormData): Promise<StepUpEmailState> {
  const fields = formFields(form, ['returnTo', 'code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 32)
  const parsed = verifySchema.safeParse(fields)
  if (!parsed.success) return fieldError('code', parsed.error.issues[0]?.message, 'code_format', { code: typed })
  const session = await requireSession('/account/confirm')
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return actionError('rate_limited_verify', { field: 'code', retryAt })
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie('step_up').name)?.value
  if (!secret) return actionError('request_gone', { field: 'code' })
  const result = await checkEmailCode({ browserSecret: secret, code: parsed.data.code, purpose: 'step_up' })
  if (!result.ok || result.userId !== session.user.id) {
    const reason = result.ok ? 'code_wrong' : result.reason
    await recordEvent({ type: 'step_up', result: 'failure', userId: session.user.id, method: 'email_code', reason, sessionId: session.sessionId, context })
    return actionError(reason, { field: 'code', values: reason === 'code_wrong' ? { code: typed } : {} })
  }
  jar.delete(signInRequestCookie('step_up').name)
  const sessionId = await confirmPresence(session)
  if (!sessionId) return actionError('signed_out')
  await recordEvent({ type: 'step_up', result: 'success', userId: session.user.id, method: 'email_code', sessionId, context })
  redirect(parsed.data.returnTo)
}
