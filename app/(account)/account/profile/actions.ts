'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { deleteOwnAccount } from '@/lib/account/deletion'
import { DISPLAY_NAME_MAX } from '@/lib/account/display-name'
import { completeEmailChange, requestEmailChange } from '@/lib/account/email-change'
import { chooseTimeZone, knownTimeZone } from '@/lib/account/preferences'
import { setNewSignInNotices, updateDisplayName } from '@/lib/account/profile'
import { addressForm, codeForm } from '@/lib/auth/email-code/emailed-code'
import { defineAction } from '@/lib/actions/pipeline'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { shownNameField } from '@/lib/web/form-fields'

const PAGE = '/account/profile'

export type NameState = ActionState<'displayName'>
export type NoticesState = ActionState
export type EmailChangeState = ActionState<'email' | 'code'>
export type DeleteState = ActionState<'confirmation'>
export type TimeZoneState = ActionState<'timeZone'>

/** Your name: shown in the portal and in emails. Not a sign-in change, so no confirmation needed. */
export const updateDisplayNameAction = defineAction(
  {
    guard: 'session',
    page: PAGE,
    fields: { displayName: { error: 'display_name', echo: 200 } },
    schema: z.object({
      // Empty clears the name; otherwise 1–60 characters once cleaned.
      displayName: z
        .string({ error: 'display_name' })
        .transform((value) => value.trim())
        .pipe(z.union([z.literal('').transform(() => null), shownNameField(1, DISPLAY_NAME_MAX, 'display_name')])),
    }),
  },
  async ({ data, session, ctx }): Promise<NameState> => {
    const { displayName } = await updateDisplayName(data, session, ctx)
    revalidatePath('/account', 'layout')
    const t = await getTranslations('account.profile.name')
    return { status: 'success', message: displayName ? t('saved') : t('removed'), values: { displayName: displayName ?? '' } }
  },
)

/**
 * The new-sign-in notice on or off. The guard is the session: turning it off
 * needs a recent confirmation, which the use case asks for that direction only.
 */
export const setNoticesAction = defineAction(
  { guard: 'session', page: PAGE, fields: { newSignInNotices: {} }, schema: z.object({ newSignInNotices: z.enum(['on', 'off']) }) },
  async ({ data, session, ctx }): Promise<NoticesState> => {
    const changed = await setNewSignInNotices({ enabled: data.newSignInNotices === 'on' }, session, ctx)
    if (!changed.ok) return actionError(changed.reason)
    revalidatePath(PAGE)
    const t = await getTranslations('account.profile.notices')
    return { status: 'success', message: changed.enabled ? t('savedOn') : t('savedOff') }
  },
)

/** Step 1 of changing the sign-in address: a code goes to the new address. */
export const sendEmailChangeCodeAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...addressForm },
  async ({ data, session, ctx }): Promise<EmailChangeState> => {
    const sent = await requestEmailChange(data, session, ctx)
    if (!sent.ok) return sent.state
    revalidatePath(PAGE)
    return { status: 'idle' }
  },
)

/** Step 2: the code from the new address makes it the sign-in address; the old one is told. */
export const confirmEmailChangeAction = defineAction(
  { guard: 'recently-verified', page: PAGE, ...codeForm },
  async ({ data, typed, session, ctx }): Promise<EmailChangeState> => {
    const changed = await completeEmailChange({ code: data.code, typed: typed.code }, session, ctx)
    if (!changed.ok) return changed.state
    revalidatePath('/account', 'layout')
    const t = await getTranslations('account.profile.email')
    return { status: 'success', message: t('changed', { current: changed.current, previous: changed.previous }) }
  },
)

/**
 * The zone times are shown in, on these pages and in emails: one the runtime
 * knows (the list the profile offers), else the field says so. Every page
 * shows the new zone from the next render on.
 */
export const chooseTimeZoneAction = defineAction(
  {
    guard: 'session',
    page: PAGE,
    fields: { timeZone: { error: 'time_zone', echo: 64 } },
    schema: z.object({
      timeZone: z
        .string({ error: 'time_zone' })
        .max(64, 'time_zone')
        .refine((value) => knownTimeZone(value) !== null, 'time_zone'),
    }),
  },
  async ({ data, session, typed, ctx }): Promise<TimeZoneState> => {
    const chosen = await chooseTimeZone(data, session, ctx)
    if (!chosen.ok) return actionError(chosen.reason, { field: 'timeZone', values: typed })
    revalidatePath('/account', 'layout')
    const t = await getTranslations('account.profile.regional')
    return { status: 'success', message: t('timeZoneSaved', { zone: chosen.timeZone }), values: { timeZone: chosen.timeZone } }
  },
)

/**
 * Deletes the account: needs a recent confirmation and the account's address
 * typed out. Everything goes except an anonymised history; both addresses get
 * a confirmation.
 */
export const deleteAccountAction = defineAction(
  {
    guard: 'recently-verified',
    page: PAGE,
    fields: { confirmation: { error: 'delete_confirmation', echo: 320 } },
    schema: z.object({ confirmation: z.string({ error: 'delete_confirmation' }) }),
  },
  async ({ data, typed, session, ctx }): Promise<DeleteState> => {
    const deleted = await deleteOwnAccount(data, session, ctx)
    if (!deleted.ok) return actionError(deleted.reason, { field: 'confirmation', values: typed })
    redirect('/goodbye')
  },
)
