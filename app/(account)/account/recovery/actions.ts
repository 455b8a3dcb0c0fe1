'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/actions/state'
import { recordEvent } from '@/lib/audit/events'
import { requireSession } from '@/lib/auth/dal'
import { generateRecoveryCodes } from '@/lib/auth/recovery-codes'
import { isRecentlyVerified } from '@/lib/auth/step-up'
import { confirmTotpEnrollment, normalizeTotpCode, removeTotp, startTotpEnrollment } from '@/lib/auth/totp'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/request-context'

const PAGE = '/account/recovery'

export type RecoveryCodesState = ActionState | { status: 'created'; codes: string[]; createdAt: string }
export type TotpState = ActionState<'code'>

/** Every change to recovery factors needs a sign-in or confirmation within 10 minutes. */
async function requireRecentSession() {
  const session = await requireSession(PAGE)
  return isRecentlyVerified(session) ? session : null
}

/** Makes a new set of 10 recovery codes (the old ones stop working) and returns them to show once. */
export async function generateRecoveryCodesAction(_previous: RecoveryCodesState, form: FormData): Promise<RecoveryCodesState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  const now = new Date()
  const codes = await generateRecoveryCodes(session.user.id, now)
  await recordEvent({ type: 'recovery_codes_generated', result: 'success', userId: session.user.id, sessionId: session.sessionId, context: await getRequestContext() })
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
  revalidatePath(PAGE)
  return { status: 'success', message: 'Authenticator app added. You can use its codes to get back into your account.' }
}

/** Removes the authenticator app, or cancels setting one up. */
export async function removeTotpAction(_previous: TotpState, form: FormData): Promise<TotpState> {
  if (!formFields(form, [])) return actionError('bad_request')
  const session = await requireRecentSession()
  if (!session) return actionError('step_up_required')
  if (await removeTotp(session.user.id)) {
    await recordEvent({ type: 'totp_removed', result: 'success', userId: session.user.id, sessionId: session.sessionId, context: await getRequestContext() })
  }
  revalidatePath(PAGE)
  return { status: 'idle' }
}
