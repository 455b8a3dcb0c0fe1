'use server'

import { revalidatePath } from 'next/cache'
import { cookies } from 'next/headers'
import { after } from 'next/server'
import { z } from 'zod'
import { addressStep, codeStep, sendAddressCode, settleCodeStep } from '@/lib/actions/emailed-code'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { confirmBackupEmail, removeBackupEmail, startBackupEmail } from '@/lib/recovery/backup-email'
import { sendAccountNotice } from '@/lib/recovery/notices'
import { getRecoveryOrCurrentSession, requireSession } from '@/lib/auth/dal'
import { generateRecoveryCodes } from '@/lib/recovery/codes'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { isRecentlyVerified } from '@/lib/auth/session/step-up'
import { confirmTotpEnrollment, normalizeTotpCode, removeTotp, startTotpEnrollment } from '@/lib/recovery/totp'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

const PAGE = '/account/recovery'

export type RecoveryCodesState = ActionState | { status: 'created'; codes: string[]; createdAt: string }
export type TotpState = ActionState<'code'>
export type BackupEmailState = ActionState<'email' | 'code'>

/** Every change to recovery factors needs a sign-in or confirmation within 10 minutes. */
async function requireRecentSession() {
  const session = await requireSession(PAGE)
  return isRecentlyVerified(session) ? session : null
}

/**
 * Makes a new set of 10 recovery codes (the old ones stop working) and returns
 * them to show once. One of the two things a recovery session may do.
 */
export async function generateRecoveryCodesAction(_previous: RecoveryCodesState, form: FormData): Promise<RecoveryCodesState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = (await getRecoveryOrCurrentSession()) ?? (await requireSession(PAGE))
  if (!isRecentlyVerified(session)) return actionError('step_up_required')
  const now = new Date()
  const codes = await generateRecoveryCodes(session.user.id, now)
  const context = await getRequestContext()
  await recordEvent({ type: 'recovery_codes_generated', result: 'success', userId: session.user.id, sessionId: session.sessionId, context })
  after(() => sendAccountNotice('recovery_codes_generated', { userId: session.user.id, context, at: now }))
  revalidatePath(PAGE)
  return { status: 'created', codes, createdAt: now.toISOString() }
}

/** Starts adding an authenticator app; the page then shows its QR code and secret. */
export async function startTotpAction(_previous: TotpState, form: FormData): Promise<TotpState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  if (!(await startTotpEnrollment(session.user))) return actionError('totp_exists')
  revalidatePath(PAGE)
  return { status: 'idle' }
}

const confirmSchema = z.object({
  code: z
    .string({ error: 'totp_format' })
    .max(32, 'totp_format')
    .transform((value) => normalizeTotpCode(value))
    .pipe(z.string({ error: 'totp_format' })),
})

/** Completes adding an authenticator app with the code it shows now. */
export async function confirmTotpAction(_previous: TotpState, form: FormData): Promise<TotpState> {
  const fields = formFields(form, ['code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 32)
  const parsed = confirmSchema.safeParse(fields)
  if (!parsed.success) return fieldError('code', parsed.error.issues[0]?.message, 'totp_format', { code: typed })
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return actionError('rate_limited_verify', { field: 'code', retryAt })
  const result = await confirmTotpEnrollment(session.user.id, parsed.data.code)
  await recordEvent({
    type: 'totp_added',
    result: result.ok ? 'success' : 'failure',
    reason: result.ok ? null : result.reason,
    userId: session.user.id,
    sessionId: session.sessionId,
    context,
  })
  if (!result.ok) return actionError(result.reason, { field: 'code', values: { code: typed } })
  after(() => sendAccountNotice('totp_added', { userId: session.user.id, context }))
  revalidatePath(PAGE)
  return { status: 'success', message: 'Authenticator app added. You can use its codes to get back into your account.' }
}

/** Removes the authenticator app, or cancels setting one up. */
export async function removeTotpAction(_previous: TotpState, form: FormData): Promise<TotpState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  if ((await removeTotp(session.user.id)) === 'removed') {
    const context = await getRequestContext()
    await recordEvent({ type: 'totp_removed', result: 'success', userId: session.user.id, sessionId: session.sessionId, context })
    after(() => sendAccountNotice('totp_removed', { userId: session.user.id, context }))
  }
  revalidatePath(PAGE)
  return { status: 'idle' }
}

/** Sends a code to a new backup address; it counts once the code comes back. */
export async function sendBackupEmailCodeAction(_previous: BackupEmailState, form: FormData): Promise<BackupEmailState> {
  const step = await addressStep(form, PAGE)
  if (!step.ok) return step.state
  const challenge = await startBackupEmail(step.session.user, step.email, step.context)
  if (!challenge) return actionError('backup_email_same', { field: 'email', values: { email: step.email } })
  const failed = await sendAddressCode(challenge, step)
  if (failed) return failed
  revalidatePath(PAGE)
  return { status: 'idle' }
}

/** Completes adding the backup address with the code sent to it. */
export async function confirmBackupEmailAction(_previous: BackupEmailState, form: FormData): Promise<BackupEmailState> {
  const step = await codeStep(form, 'backup_email', PAGE)
  if (!step.ok) return step.state
  const { session, context } = step
  const result = await confirmBackupEmail(session.user.id, step.secret, step.code)
  const refused = await settleCodeStep(step, 'backup_email', 'backup_email_added', result)
  if (refused || !result.ok) return refused ?? actionError('unexpected')
  after(() => sendAccountNotice('backup_email_added', { userId: session.user.id, context }))
  revalidatePath(PAGE)
  return { status: 'success', message: `${result.email} is now your backup email. Recovery notices will go there too.` }
}

export async function removeBackupEmailAction(_previous: BackupEmailState, form: FormData): Promise<BackupEmailState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  const removed = await removeBackupEmail(session.user.id)
  if (removed) {
    const context = await getRequestContext()
    await recordEvent({ type: 'backup_email_removed', result: 'success', userId: session.user.id, sessionId: session.sessionId, context })
    after(() => sendAccountNotice('backup_email_removed', { userId: session.user.id, context, extra: [removed] }))
  }
  ;(await cookies()).delete(signInRequestCookie('backup_email').name)
  revalidatePath(PAGE)
  return { status: 'idle' }
}
