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
import { emailedCodeField, shownNameField, timeZoneField } from '@/lib/actions/fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/actions/state'
import { recordEvent } from '@/lib/audit/events'
import { requireSession } from '@/lib/auth/dal'
import { emailAddressField, normalizeEmailAddress } from '@/lib/auth/email-address'
import { emailRequestRefusal } from '@/lib/auth/email-delivery'
import { sendEmailChallenge } from '@/lib/auth/email-sign-in'
import { offerSignOutOthers } from '@/lib/auth/factor-change'
import { sessionCookie } from '@/lib/auth/session-cookie'
import { signInRequestCookie } from '@/lib/auth/sign-in-request-cookie'
import { isRecentlyVerified } from '@/lib/auth/step-up'
import { ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/request-context'

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
  await recordEvent({ type: 'notice_settings_changed', result: 'success', userId: session.user.id, sessionId: session.sessionId, context: await getRequestContext(), detail: { newSignInNotices: enabled } })
  revalidatePath(PAGE)
  return { status: 'success', message: enabled ? 'We’ll email you about sign-ins from new browsers.' : 'We won’t email you about sign-ins from new browsers. Other security emails still come.' }
}

const newAddressSchema = z.object({ email: emailAddressField, timeZone: timeZoneField })

/** Step 1 of changing the sign-in address: a code goes to the new address. */
export async function sendEmailChangeCodeAction(_previous: EmailChangeState, form: FormData): Promise<EmailChangeState> {
  const fields = formFields(form, ['email', 'timeZone'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'email', 320)
  const parsed = newAddressSchema.safeParse(fields)
  if (!parsed.success) {
    const issue = parsed.error.issues.find((item) => item.path[0] === 'email')
    return fieldError('email', issue?.message, issue ? 'email_invalid' : 'bad_request', { email: typed })
  }
  const session = await requireSession(PAGE)
  if (!isRecentlyVerified(session)) return actionError('step_up_required', { values: { email: typed } })
  const { email, timeZone } = parsed.data
  const context = await getRequestContext()
  const refused = await emailRequestRefusal(email, context.ipAddress)
  if (refused) return actionError(refused.code, { field: 'email', retryAt: refused.retryAt, values: { email } })
  const challenge = await startEmailChange(session.user, email, context)
  if (!challenge) return actionError('email_change_same', { field: 'email', values: { email } })
  await recordEvent({ type: 'email_change_requested', result: 'success', userId: session.user.id, sessionId: session.sessionId, context })
  if (challenge.deliver) {
    try {
      await sendEmailChallenge(challenge, context, timeZone)
    } catch {
      await recordEvent({ type: 'email_failed', result: 'failure', userId: session.user.id, reason: 'email_change_code', context })
      return actionError('email_send_failed', { field: 'email', values: { email } })
    }
  }
  const cookie = signInRequestCookie('email_change')
  ;(await cookies()).set(cookie.name, challenge.browserSecret, cookie.options)
  revalidatePath(PAGE)
  return { status: 'idle' }
}

/** Step 2: the code from the new address makes it the sign-in address; the old one is told. */
export async function confirmEmailChangeAction(_previous: EmailChangeState, form: FormData): Promise<EmailChangeState> {
  const fields = formFields(form, ['code'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'code', 32)
  const parsed = z.object({ code: emailedCodeField }).safeParse(fields)
  if (!parsed.success) return fieldError('code', parsed.error.issues[0]?.message, 'code_format', { code: typed })
  const session = await requireSession(PAGE)
  if (!isRecentlyVerified(session)) return actionError('step_up_required')
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return actionError('rate_limited_verify', { field: 'code', retryAt })
  const jar = await cookies()
  const secret = jar.get(signInRequestCookie('email_change').name)?.value
  if (!secret) return actionError('request_gone', { field: 'code' })
  const result = await confirmEmailChange(session.user.id, secret, parsed.data.code)
  await recordEvent({
    type: 'email_changed',
    result: result.ok ? 'success' : 'failure',
    reason: result.ok ? null : result.reason,
    userId: session.user.id,
    sessionId: session.sessionId,
    context,
  })
  if (!result.ok) return actionError(result.reason, { field: 'code', values: result.reason === 'code_wrong' ? { code: typed } : {} })
  jar.delete(signInRequestCookie('email_change').name)
  const previous = result.previous ?? session.user.email
  after(() => sendEmailChangedNotice({ userId: session.user.id, previous, current: result.email, context }))
  await offerSignOutOthers()
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
  if (!confirmation?.ok || confirmation.email !== session.user.email) return actionError('delete_confirmation', { field: 'confirmation', values: { confirmation: typed } })
  const context = await getRequestContext()
  const { addresses } = await deleteAccount(session.user.id)
  after(() => sendAccountDeletedNotice(addresses, context))
  ;(await cookies()).delete(sessionCookie().name)
  redirect('/goodbye')
}
