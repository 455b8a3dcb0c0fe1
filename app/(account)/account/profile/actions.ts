'use server'

import { revalidatePath } from 'next/cache'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { after } from 'next/server'
import { z } from 'zod'
import { deleteAccount, sendAccountDeletedNotice } from '@/lib/account/deletion'
import { DISPLAY_NAME_MAX } from '@/lib/account/display-name'
import { confirmEmailChange, sendEmailChangedNotice, startEmailChange } from '@/lib/account/email-change'
import { setNewSignInNotices, updateDisplayName } from '@/lib/account/profile'
import { addressStep, codeStep, sendAddressCode, settleCodeStep } from '@/lib/actions/emailed-code'
import { shownNameField } from '@/lib/web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { requireSession } from '@/lib/auth/dal'
import { normalizeEmailAddress } from '@/lib/email/address'
import { sessionCookie } from '@/lib/web/cookies'
import { isRecentlyVerified } from '@/lib/auth/session/step-up'
import { getRequestContext } from '@/lib/web/request-context'

const PAGE = '/account/profile'

export type NameState = ActionState<'displayName'>
export type NoticesState = ActionState
export type EmailChangeState = ActionState<'email' | 'code'>
export type DeleteState = ActionState<'confirmation'>

const nameSchema = z.object({
  // Empty clears the name; otherwise 1–60 characters once cleaned.
  displayName: z.union([z.literal('').transform(() => null), shownNameField(1, DISPLAY_NAME_MAX, 'display_name')]),
})

/** Your name: shown in the portal and in emails. Not a sign-in change, so no confirmation needed. */
export async function updateDisplayNameAction(_previous: NameState, form: FormData): Promise<NameState> {
  const fields = formFields(form, ['displayName'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'displayName', 200)
  const parsed = nameSchema.safeParse({ displayName: typeof fields.displayName === 'string' ? fields.displayName.trim() : fields.displayName })
  if (!parsed.success) return fieldError('displayName', parsed.error.issues[0]?.message, 'display_name', { displayName: typed })
  const session = await requireSession(PAGE)
  const previous = await updateDisplayName(session.user.id, parsed.data.displayName)
  await recordEvent({
    type: 'profile_updated',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { from: previous, to: parsed.data.displayName },
  })
  revalidatePath('/account', 'layout')
  return { status: 'success', message: parsed.data.displayName ? 'Name saved.' : 'Name removed.', values: { displayName: parsed.data.displayName ?? '' } }
}

/** The new-sign-in notice on or off. Turning it off needs a recent confirmation: it hides a warning sign. */
export async function setNoticesAction(_previous: NoticesState, form: FormData): Promise<NoticesState> {
  const fields = formFields(form, ['newSignInNotices'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ newSignInNotices: z.enum(['on', 'off']) }).safeParse(fields)
  if (!parsed.success) return actionError('bad_request')
  const session = await requireSession(PAGE)
  const enabled = parsed.data.newSignInNotices === 'on'
  if (!enabled && !isRecentlyVerified(session)) return actionError('step_up_required')
  await setNewSignInNotices(session.user.id, enabled)
  await recordEvent({
    type: 'notice_settings_changed',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { newSignInNotices: enabled },
  })
  revalidatePath(PAGE)
  return {
    status: 'success',
    message: enabled
      ? 'We’ll email you about sign-ins from new browsers.'
      : 'We won’t email you about sign-ins from new browsers. Other security emails still come.',
  }
}

/** Step 1 of changing the sign-in address: a code goes to the new address. */
export async function sendEmailChangeCodeAction(_previous: EmailChangeState, form: FormData): Promise<EmailChangeState> {
  const step = await addressStep(form, PAGE)
  if (!step.ok) return step.state
  const challenge = await startEmailChange(step.session.user, step.email, step.context)
  if (!challenge) return actionError('email_change_same', { field: 'email', values: { email: step.email } })
  await recordEvent({
    type: 'email_change_requested',
    result: 'success',
    userId: step.session.user.id,
    sessionId: step.session.sessionId,
    context: step.context,
  })
  const failed = await sendAddressCode(challenge, step)
  if (failed) return failed
  revalidatePath(PAGE)
  return { status: 'idle' }
}

/** Step 2: the code from the new address makes it the sign-in address; the old one is told. */
export async function confirmEmailChangeAction(_previous: EmailChangeState, form: FormData): Promise<EmailChangeState> {
  const step = await codeStep(form, 'email_change', PAGE)
  if (!step.ok) return step.state
  const { session, context } = step
  const result = await confirmEmailChange(session.user.id, step.secret, step.code)
  const refused = await settleCodeStep(step, 'email_change', 'email_changed', result)
  if (refused || !result.ok) return refused ?? actionError('unexpected')
  const previous = result.previous ?? session.user.email
  after(() => sendEmailChangedNotice({ userId: session.user.id, previous, current: result.email, context }))
  revalidatePath('/account', 'layout')
  return { status: 'success', message: `You now sign in with ${result.email}. We told ${previous} about the change.` }
}

/**
 * Deletes the account: needs a recent confirmation and the account's address
 * typed out. Everything goes except an anonymised history; both addresses get
 * a confirmation.
 */
export async function deleteAccountAction(_previous: DeleteState, form: FormData): Promise<DeleteState> {
  const fields = formFields(form, ['confirmation'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'confirmation', 320)
  const session = await requireSession(PAGE)
  if (!isRecentlyVerified(session)) return actionError('step_up_required', { values: { confirmation: typed } })
  const confirmation = typeof fields.confirmation === 'string' ? normalizeEmailAddress(fields.confirmation) : null
  if (!confirmation?.ok || confirmation.email !== session.user.email)
    return actionError('delete_confirmation', { field: 'confirmation', values: { confirmation: typed } })
  const context = await getRequestContext()
  const { addresses } = await deleteAccount(session.user.id)
  after(() => sendAccountDeletedNotice(addresses, context))
  ;(await cookies()).delete(sessionCookie().name)
  redirect('/goodbye')
}
