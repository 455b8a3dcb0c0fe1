'use server'

import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { after } from 'next/server'
import { z } from 'zod'
import { emailedCodeField, parseAddressForm, timeZoneField } from '@/lib/web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { createSession } from '@/lib/auth/session/start'
import { redeemAccessCode, reportAccessCode } from '@/lib/recovery/access-codes'
import { requireAnonymous, requireSession } from '@/lib/auth/dal'
import { emailAddressField } from '@/lib/email/address'
import { deliverChallengeEmail } from '@/lib/auth/email-code/delivery'
import { browserStanding, countCodeFailure, emailRequestRefusal } from '@/lib/auth/email-code/limits'
import { completeRecovery, proveRecoveryEmail, recoveryProgress, recoveryRecipient, sendRecoveredNotice, startRecovery } from '@/lib/recovery/self-service'
import { revokeOtherSessions } from '@/lib/auth/session/store'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { emailKey, ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

export type RecoverEmailState = ActionState<'email'>
export type RecoverCodeState = ActionState<'code'>
export type RecoverFactorState = ActionState<'code'>

const recoveryCookie = () => signInRequestCookie('recovery')

const emailSchema = z.object({ email: emailAddressField, timeZone: timeZoneField })

/** Step 1: an emailed code to an address of the account. The same answer for every address. */
export async function requestRecoveryAction(_previous: RecoverEmailState, form: FormData): Promise<RecoverEmailState> {
  const parsed = parseAddressForm(form, emailSchema, ['email', 'timeZone'])
  if (!parsed.ok) return parsed.state
  await requireAnonymous()
  const { email, timeZone } = parsed.data
  const context = await getRequestContext()
  const recipient = await recoveryRecipient(email)
  const standing = await browserStanding(recipient.userId)
  const refused = await emailRequestRefusal({ email, ipAddress: context.ipAddress, purpose: 'recovery', userId: recipient.userId, standing })
  if (refused) {
    await recordEvent({ type: 'recovery_requested', result: 'failure', method: 'email', reason: refused.reason, context })
    return actionError(refused.code, { field: 'email', retryAt: refused.retryAt ?? undefined, values: { email } })
  }
  const challenge = await startRecovery(email, context, { recipient, knownBrowser: standing === 'known' })
  // Sent after the response (with retries), as only known addresses get it: every address is answered alike.
  await deliverChallengeEmail(challenge, context, timeZone, 'invite-only')
  await recordEvent({ type: 'recovery_requested', result: 'success', userId: challenge.userId, method: 'email', context })
  const cookie = recoveryCookie()
  ;(await cookies()).set(cookie.name, challenge.browserSecret, cookie.options)
  redirect('/recover')
}

const codeSchema = z.object({ code: emailedCodeField })

/** Step 1, continued: the code from the email. */
export async function verifyRecoveryEmailAction(_previous: RecoverCodeState, form: FormData): Promise<RecoverCodeState> {
  const fields = formFields(form, ['code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 32)
  const parsed = codeSchema.safeParse(fields)
  if (!parsed.success) return fieldError('code', parsed.error.issues[0]?.message, 'code_format', { code: typed })
  await requireAnonymous()
  const secret = (await cookies()).get(recoveryCookie().name)?.value
  if (!secret) return actionError('request_gone', { field: 'code' })
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return actionError('rate_limited_verify', { field: 'code', retryAt, values: { code: typed } })
  const result = await proveRecoveryEmail(secret, parsed.data.code)
  if (!result.ok) {
    await recordEvent({ type: 'recovery_email_proven', result: 'failure', userId: result.userId, method: 'email_code', reason: result.reason, context })
    if ((result.reason === 'code_wrong' || result.reason === 'code_burned') && result.email) {
      const standing = await browserStanding(result.userId)
      const lock = await countCodeFailure({ email: result.email, userId: result.userId, purpose: 'recovery', standing, context })
      if (lock.lockedUntil) return actionError('account_locked', { field: 'code', retryAt: lock.lockedUntil })
    }
    return actionError(result.reason, { field: 'code', values: result.reason === 'code_wrong' ? { code: typed } : {} })
  }
  await recordEvent({ type: 'recovery_email_proven', result: 'success', userId: result.userId, method: 'email_code', context })
  redirect('/recover')
}

const factorSchema = z.object({
  kind: z.enum(['recovery_code', 'totp'], { error: 'bad_request' }),
  code: z.string({ error: 'recovery_factor_wrong' }).min(1, 'recovery_factor_wrong').max(64, 'recovery_factor_wrong'),
})

/** Step 2: a recovery code or an authenticator-app code. Success starts a 15-minute recovery session. */
export async function completeRecoveryAction(_previous: RecoverFactorState, form: FormData): Promise<RecoverFactorState> {
  const fields = formFields(form, ['kind', 'code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 64)
  const parsed = factorSchema.safeParse(fields)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return issue?.path[0] === 'code' ? fieldError('code', issue.message, 'recovery_factor_wrong', { code: typed }) : actionError('bad_request')
  }
  await requireAnonymous()
  const jar = await cookies()
  const secret = jar.get(recoveryCookie().name)?.value
  const progress = await recoveryProgress(secret)
  if (!secret || progress.step !== 'factor') return actionError('recovery_expired')
  const context = await getRequestContext()
  const retryAt = (await limitReached('verifyPerIp', ipKey(context.ipAddress))) ?? (await limitReached('recoveryFactorPerAccount', emailKey(progress.email)))
  if (retryAt) {
    await recordEvent({ type: 'recovery_factor', result: 'failure', method: parsed.data.kind, reason: 'rate_limited', context })
    return actionError('rate_limited_recovery', { field: 'code', retryAt })
  }
  const result = await completeRecovery(secret, parsed.data.kind, parsed.data.code)
  if (!result.ok) {
    const userId = progress.accounts.length === 1 ? progress.accounts[0]!.id : null
    await recordEvent({ type: 'recovery_factor', result: 'failure', userId, method: parsed.data.kind, reason: result.reason, context })
    return result.reason === 'recovery_factor_wrong' ? actionError(result.reason, { field: 'code', values: { code: typed } }) : actionError(result.reason)
  }
  await recordEvent({ type: 'recovery_factor', result: 'success', userId: result.userId, method: parsed.data.kind, context })
  await createSession({ id: result.userId }, 'recovery')
  jar.delete(recoveryCookie().name)
  after(() => sendRecoveredNotice(result.userId, parsed.data.kind, context))
  redirect('/recover/enroll')
}

/** "Start again": forget this browser's recovery request. */
export async function restartRecoveryAction(): Promise<void> {
  ;(await cookies()).delete(recoveryCookie().name)
  redirect('/recover')
}

/** After recovery: "Sign out everywhere else" ends every other session of the account. */
export async function signOutOtherSessionsAction(): Promise<void> {
  const session = await requireSession('/recover/done')
  const count = await revokeOtherSessions(session.user.id, session.sessionId)
  await recordEvent({
    type: 'session_revoked',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { count, scope: 'others' },
  })
  redirect('/recover/done?signedOut=1')
}

export type AccessCodeRedeemState = ActionState<'email' | 'code'>

const accessCodeSchema = z.object({
  email: emailAddressField,
  code: z.string({ error: 'access_code_wrong' }).min(1, 'access_code_wrong').max(64, 'access_code_wrong'),
})

/** A helpdesk access code with the person's address: once, and it starts the same recovery session. */
export async function redeemAccessCodeAction(_previous: AccessCodeRedeemState, form: FormData): Promise<AccessCodeRedeemState> {
  const fields = formFields(form, ['email', 'code'])
  if (!fields) return actionError('bad_request')
  const values = { email: formText(form, 'email', 320), code: formText(form, 'code', 64) }
  const parsed = accessCodeSchema.safeParse(fields)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return issue?.path[0] === 'email'
      ? fieldError('email', issue.message, 'email_invalid', values)
      : fieldError('code', issue?.message, 'access_code_wrong', values)
  }
  await requireAnonymous()
  const context = await getRequestContext()
  const retryAt = (await limitReached('verifyPerIp', ipKey(context.ipAddress))) ?? (await limitReached('recoveryFactorPerAccount', emailKey(parsed.data.email)))
  if (retryAt) {
    await recordEvent({ type: 'access_code_used', result: 'failure', reason: 'rate_limited', context })
    return actionError('rate_limited_recovery', { field: 'code', retryAt, values })
  }
  const result = await redeemAccessCode(parsed.data.email, parsed.data.code)
  if (!result.ok) {
    await recordEvent({
      type: 'access_code_used',
      result: 'failure',
      userId: result.userId ?? null,
      reason: result.reason,
      context,
      detail: result.accessCodeId ? { accessCodeId: result.accessCodeId } : undefined,
    })
    return actionError(result.reason, { field: 'code', values })
  }
  await recordEvent({ type: 'access_code_used', result: 'success', userId: result.userId, context, detail: { accessCodeId: result.accessCodeId } })
  await createSession({ id: result.userId }, 'recovery')
  after(() => sendRecoveredNotice(result.userId, 'access_code', context))
  redirect('/recover/enroll')
}

export type ReportState = ActionState | { status: 'reported'; stopped: boolean }

/** "I didn't ask for this" from the access-code email: stops the code and records the report. */
export async function reportAccessCodeAction(_previous: ReportState, form: FormData): Promise<ReportState> {
  const fields = formFields(form, ['token'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ token: z.string().max(128) }).safeParse(fields)
  if (!parsed.success) return actionError('bad_request')
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return actionError('rate_limited_verify', { retryAt })
  const result = await reportAccessCode(parsed.data.token)
  if (!result.ok) return actionError('bad_request')
  await recordEvent({
    type: 'access_code_reported',
    result: 'success',
    userId: result.userId,
    context,
    detail: { accessCodeId: result.accessCodeId, stopped: result.stopped },
  })
  return { status: 'reported', stopped: result.stopped }
}
