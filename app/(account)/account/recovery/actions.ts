'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { addressForm, codeForm } from '@/lib/auth/email-code/emailed-code'
import { defineAction } from '@/lib/actions/pipeline'
import { confirmBackupEmailCode, removeBackupEmailAddress, sendBackupEmailCode } from '@/lib/recovery/account-backup-email'
import { renewRecoveryCodes } from '@/lib/recovery/account-codes'
import { confirmTotp, removeTotpFactor, startTotp } from '@/lib/recovery/account-totp'
import { normalizeTotpCode } from '@/lib/recovery/totp'
import { actionError, type ActionState } from '@/lib/web/action-state'

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
  async ({ session, ctx }): Promise<RecoveryCodesState> => {
    const { codes, createdAt } = await renewRecoveryCodes(session, ctx)
    revalidatePath(PAGE)
    return { status: 'created', codes, createdAt: createdAt.toISOString() }
  },
)

/** Starts adding an authenticator app; the page then shows its QR code and secret. */
export const startTotpAction = defineAction({ guard: 'recently-verified', page: PAGE, ...noFields }, async ({ session }): Promise<TotpState> => {
  const started = await startTotp(session)
  if (!started.ok) return actionError(started.reason)
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
  async ({ data, typed, session, ctx }): Promise<TotpState> => {
    const added = await confirmTotp(data, session, ctx)
    if (!added.ok) return actionError(added.reason, { field: 'code', values: typed })
    revalidatePath(PAGE)
    return { status: 'success', message: 'Authenticator app added. You can use its codes to get back into your account.' }
  },
)

/** Removes the authenticator app, or cancels setting one up. */
export const removeTotpAction = defineAction({ guard: 'recently-verified', page: PAGE, ...noFields }, async ({ session, ctx }): Promise<TotpState> => {
  await removeTotpFactor(session, ctx)
  revalidatePath(PAGE)
  return { status: 'idle' }
})

/** Sends a code to a new backup address; it counts once the code comes back. */
export const sendBackupEmailCodeAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...addressForm },
  async ({ data, session, ctx }): Promise<BackupEmailState> => {
    const sent = await sendBackupEmailCode(data, session, ctx)
    if (!sent.ok) return sent.state
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)

/** Completes adding the backup address with the code sent to it. */
export const confirmBackupEmailAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...codeForm },
  async ({ data, typed, session, ctx }): Promise<BackupEmailState> => {
    const proven = await confirmBackupEmailCode({ data, typed }, session, ctx)
    if (!proven.ok) return proven.state
    revalidatePath(PAGE)
    return { status: 'success', message: `${proven.email} is now your backup email. Recovery notices will go there too.` }
  },
)

export const removeBackupEmailAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...noFields },
  async ({ session, ctx }): Promise<BackupEmailState> => {
    await removeBackupEmailAddress(session, ctx)
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)
