'use server'

import { revalidatePath } from 'next/cache'
import { getFormatter, getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { addressForm, codeForm } from '@/lib/auth/email-code/emailed-code'
import { turnOffPasskeyOnly, turnOnPasskeyOnly } from '@/lib/account/passkey-only'
import { defineAction } from '@/lib/actions/pipeline'
import { confirmBackupEmailCode, removeBackupEmailAddress, sendBackupEmailCode } from '@/lib/recovery/account-backup-email'
import { renewRecoveryCodes } from '@/lib/recovery/account-codes'
import { confirmTotp, removeTotpFactor, startTotp } from '@/lib/recovery/account-totp'
import { normalizeTotpCode } from '@/lib/recovery/totp'
import { env } from '@/lib/env'
import { actionError, type ActionState } from '@/lib/web/action-state'

// Every change to recovery factors needs a sign-in or confirmation within 10 minutes (the recently-verified guard).
const PAGE = '/account/recovery'
const noFields = { fields: {}, schema: z.object({}) }

/** A new set: the codes to show once, and the same as text (in the reader's language) to copy, download or keep. */
export type RecoveryCodesState = ActionState | { status: 'created'; codes: string[]; createdAt: string; text: string; replaced: boolean }
export type TotpState = ActionState<'code'>
export type BackupEmailState = ActionState<'email' | 'code'>

/**
 * Makes a new set of 10 recovery codes (the old ones stop working) and returns
 * them to show once. One of the two things a recovery session may do.
 */
export const generateRecoveryCodesAction = defineAction(
  { guard: 'recovery-or-recently-verified', page: PAGE, ...noFields },
  async ({ session, ctx }): Promise<RecoveryCodesState> => {
    const { codes, createdAt, replaced } = await renewRecoveryCodes(session, ctx)
    revalidatePath(PAGE)
    return { status: 'created', codes, createdAt: createdAt.toISOString(), text: await codesText(codes, session.user.email, createdAt), replaced }
  },
)

/** The codes as a text file, with what they are for, when they were made (in the reader's zone) and how to use them. */
async function codesText(codes: string[], email: string, createdAt: Date): Promise<string> {
  const [t, format] = await Promise.all([getTranslations('recovery'), getFormatter()])
  return [
    t('codes.file.heading', { appName: env().appName, email }),
    t('codes.file.made', { date: format.dateTime(createdAt, 'time') }),
    '',
    ...codes,
    '',
    t('codes.file.howToUse', { link: t('start.title') }),
    '',
  ].join('\n')
}

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
    const t = await getTranslations('recovery.totp')
    return { status: 'success', message: t('added') }
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
    const t = await getTranslations('recovery.backupEmail')
    return { status: 'success', message: t('confirmed', { address: proven.email }) }
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

export type PasskeyOnlyState = ActionState<'understand'>

/** Turns passkey-only sign-in on, once the person ticked that they understand; needs a passkey confirmation just now. */
export const turnOnPasskeyOnlyAction = defineAction(
  {
    guard: 'recently-verified',
    page: PAGE,
    fields: { understand: { error: 'passkey_only_understand' } },
    schema: z.object({ understand: z.literal('yes', { error: 'passkey_only_understand' }) }),
  },
  async ({ session, ctx }): Promise<PasskeyOnlyState> => {
    const turned = await turnOnPasskeyOnly(session, ctx)
    if (!turned.ok) return actionError(turned.reason)
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)

/** Turns passkey-only sign-in off; in this mode the recent confirmation was a passkey. */
export const turnOffPasskeyOnlyAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...noFields },
  async ({ session, ctx }): Promise<PasskeyOnlyState> => {
    await turnOffPasskeyOnly(session, ctx)
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)
