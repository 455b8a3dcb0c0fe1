'use server'

import { cookies } from 'next/headers'
import { after } from 'next/server'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { shownNameField } from '@/lib/web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '@/lib/web/action-state'
import { recordEvent } from '@/lib/audit/record'
import { requireSession } from '@/lib/auth/dal'
import { passkeyNudgeCookie } from '@/lib/auth/passkeys/device-passkeys'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { PASSKEY_NAME_MAX, removePasskey, renamePasskey } from '@/lib/auth/passkeys/ceremonies'
import { isRecentlyVerified } from '@/lib/auth/session/step-up'
import { relyingParty, userHandleFor } from '@/lib/auth/passkeys/webauthn'
import { getRequestContext } from '@/lib/web/request-context'

export type RenameState = ActionState<'name'>

/** What the browser needs after a removal to tell its passkey provider (Signal API). */
export type RemoveState =
  | ActionState<'passkeyId'>
  | { status: 'removed'; message: string; rpId: string; userHandle: string; removedCredentialId: string; acceptedCredentialIds: string[] }

const passkeyId = z.string({ error: 'passkey_not_found' }).min(1, 'passkey_not_found').max(64, 'passkey_not_found')

const renameSchema = z.object({ passkeyId, name: shownNameField(1, PASSKEY_NAME_MAX, 'passkey_name') })

export async function renamePasskeyAction(_previous: RenameState, form: FormData): Promise<RenameState> {
  const fields = formFields(form, ['passkeyId', 'name'])
  if (!fields) return actionError('bad_request')
  const typed = formText(form, 'name', 200)
  const parsed = renameSchema.safeParse(fields)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return issue?.path[0] === 'name' ? fieldError('name', issue.message, 'passkey_name', { name: typed }) : actionError('passkey_not_found')
  }
  const session = await requireSession('/account/passkeys')
  const renamed = await renamePasskey(session.user.id, parsed.data.passkeyId, parsed.data.name)
  if (!renamed) return actionError('passkey_not_found')
  await recordEvent({
    type: 'passkey_renamed',
    result: 'success',
    userId: session.user.id,
    sessionId: session.sessionId,
    context: await getRequestContext(),
    detail: { passkeyId: parsed.data.passkeyId, from: renamed.previousName, to: parsed.data.name },
  })
  revalidatePath('/account/passkeys')
  return { status: 'success', message: 'Name saved.', values: { name: parsed.data.name } }
}

/** Removes a passkey: step-up within 10 minutes, never the last way to sign in. */
export async function removePasskeyAction(_previous: RemoveState, form: FormData): Promise<RemoveState> {
  const fields = formFields(form, ['passkeyId'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ passkeyId }).safeParse(fields)
  if (!parsed.success) return actionError('passkey_not_found')
  const session = await requireSession('/account/passkeys')
  if (!isRecentlyVerified(session)) return actionError('step_up_required')
  const context = await getRequestContext()
  const userId = session.user.id
  const result = await removePasskey(userId, parsed.data.passkeyId)
  if (!result.ok) {
    await recordEvent({ type: 'passkey_removed', result: 'failure', userId, reason: result.reason, sessionId: session.sessionId, context })
    return actionError(result.reason === 'last_method' ? 'passkey_last_method' : 'passkey_not_found')
  }
  const { passkey } = result
  await recordEvent({
    type: 'passkey_removed',
    result: 'success',
    userId,
    sessionId: session.sessionId,
    context,
    detail: { passkeyId: parsed.data.passkeyId, name: passkey.name },
  })
  after(() => sendPasskeyNotice('removed', { userId, passkeyName: passkey.name, context }))
  return {
    status: 'removed',
    message: `“${passkey.name}” was removed. It can no longer sign in to your account.`,
    rpId: relyingParty().id,
    userHandle: userHandleFor(userId),
    removedCredentialId: passkey.credentialId,
    acceptedCredentialIds: result.remainingCredentialIds,
  }
}

/** "Not now" on the passkey suggestion: hidden in this browser for 14 days. */
export async function snoozePasskeyNudgeAction(): Promise<void> {
  await requireSession('/account')
  const cookie = passkeyNudgeCookie()
  ;(await cookies()).set(cookie.name, String(Date.now()), cookie.options)
  revalidatePath('/account', 'layout')
}
