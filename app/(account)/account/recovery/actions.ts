'use server'

import { revalidatePath } from 'next/cache'
import { cookies } from 'next/headers'
import { after } from 'next/server'
import { z } from 'zod'
import { addressForm, checkProofCode, codeForm, sendProofCode } from '@/lib/auth/email-code/emailed-code'
import { defineAction } from '@/lib/actions/pipeline'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { confirmBackupEmail, removeBackupEmail, startBackupEmail } from '@/lib/recovery/backup-email'
import { generateRecoveryCodes } from '@/lib/recovery/codes'
import { sendAccountNotice } from '@/lib/recovery/notices'
import { confirmTotpEnrollment, normalizeTotpCode, removeTotp, startTotpEnrollment } from '@/lib/recovery/totp'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { clearedCookie } from '@/lib/web/cookies'

// Every change to recovery factors needs a sign-in or confirmation within 10 minutes (the recently-verified guard).
const PAGE = '/account/recovery'
const noFields = { fields: {}, schema: z.object({}) }

export type RecoveryCodesState = ActionState | { status: 'created'; codes: string[]; createdAt: string }
export type TotpState = ActionState<'code'>
export type BackupEmailState = ActionState<'email' | 'code'>

/**
 * Makes a new set of 10 recovery codes (the old ones stop working) and returns
 * them to show once. One of the two things a recovery session may do.
 */
export const generateRecoveryCodesAction = defineAction(
  { guard: 'recovery-or-recently-verified', page: PAGE, ...noFields },
  async ({ session, context, audit }): Promise<RecoveryCodesState> => {
    const now = new Date()
    const codes = await generateRecoveryCodes(session.user.id, audit, now)
    after(() => sendAccountNotice('recovery_codes_generated', { userId: session.user.id, context, at: now }))
    revalidatePath(PAGE)
    return { status: 'created', codes, createdAt: now.toISOString() }
  },
)

/** Starts adding an authenticator app; the page then shows its QR code and secret. */
export const startTotpAction = defineAction({ guard: 'recently-verified', page: PAGE, ...noFields }, async ({ session }): Promise<TotpState> => {
  if (!(await startTotpEnrollment(session.user))) return actionError('totp_exists')
  revalidatePath(PAGE)
  return { status: 'idle' }
})

/** Completes adding an authenticator app with the code it shows now. */
export const confirmTotpAction = defineAction(
  {
    guard: 'recently-verified',
    page: PAGE,
    fields: { code: { error: 'totp_format', echo: 32 } },
    schema: z.object({
      code: z
        .string({ error: 'totp_format' })
        .max(32, 'totp_format')
        .transform((value) => normalizeTotpCode(value))
        .pipe(z.string({ error: 'totp_format' })),
    }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
  },
  async ({ data, typed, session, context, audit }): Promise<TotpState> => {
    const result = await confirmTotpEnrollment(session.user.id, data.code, audit)
    if (!result.ok) {
      await audit({ type: 'totp_added', result: 'failure', reason: result.reason })
      return actionError(result.reason, { field: 'code', values: typed })
    }
    after(() => sendAccountNotice('totp_added', { userId: session.user.id, context }))
    revalidatePath(PAGE)
    return { status: 'success', message: 'Authenticator app added. You can use its codes to get back into your account.' }
  },
)

/** Removes the authenticator app, or cancels setting one up. */
export const removeTotpAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...noFields },
  async ({ session, context, audit }): Promise<TotpState> => {
    if ((await removeTotp(session.user.id, audit)) === 'removed') after(() => sendAccountNotice('totp_removed', { userId: session.user.id, context }))
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)

/** Sends a code to a new backup address; it counts once the code comes back. */
export const sendBackupEmailCodeAction = defineAction({ guard: 'recently-verified', page: PAGE, ...addressForm }, async (input): Promise<BackupEmailState> => {
  const sent = await sendProofCode(input, {
    purpose: 'backup_email',
    unusable: 'backup_email_same',
    create: () => startBackupEmail(input.session.user, input.data.email, input.context),
  })
  if (!sent.ok) return sent.state
  revalidatePath(PAGE)
  return { status: 'idle' }
})

/** Completes adding the backup address with the code sent to it. */
export const confirmBackupEmailAction = defineAction({ guard: 'recently-verified', page: PAGE, ...codeForm }, async (input): Promise<BackupEmailState> => {
  const { session, context } = input
  const proven = await checkProofCode(input, {
    purpose: 'backup_email',
    event: 'backup_email_added',
    confirm: (secret, code) => confirmBackupEmail(session.user.id, secret, code, input.audit),
  })
  if (!proven.ok) return proven.state
  after(() => sendAccountNotice('backup_email_added', { userId: session.user.id, context }))
  revalidatePath(PAGE)
  return { status: 'success', message: `${proven.value.email} is now your backup email. Recovery notices will go there too.` }
})

export const removeBackupEmailAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...noFields },
  async ({ session, context, audit }): Promise<BackupEmailState> => {
    const removed = await removeBackupEmail(session.user.id, audit)
    if (removed) after(() => sendAccountNotice('backup_email_removed', { userId: session.user.id, context, extra: [removed] }))
    ;(await cookies()).set(clearedCookie(signInRequestCookie('backup_email')))
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)
