'use server'

import { cookies } from 'next/headers'
import { after } from 'next/server'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { passkeyNudgeCookie } from '@/lib/auth/passkeys/device-passkeys'
import { PASSKEY_NAME_MAX, removePasskey, renamePasskey } from '@/lib/auth/passkeys/management'
import { sendPasskeyNotice } from '@/lib/auth/passkeys/notices'
import { relyingParty, userHandleFor } from '@/lib/auth/passkeys/webauthn'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { shownNameField } from '@/lib/web/form-fields'

const PAGE = '/account/passkeys'

export type RenameState = ActionState<'name'>

/** What the browser needs after a removal to tell its passkey provider (Signal API). */
export type RemoveState =
  | ActionState<'passkeyId'>
  | { status: 'removed'; message: string; rpId: string; userHandle: string; removedCredentialId: string; acceptedCredentialIds: string[] }

const passkeyId = z.string({ error: 'passkey_not_found' }).min(1, 'passkey_not_found').max(64, 'passkey_not_found')

export const renamePasskeyAction = defineAction(
  {
    guard: 'session',
    page: PAGE,
    fields: { passkeyId: {}, name: { error: 'passkey_name', echo: 200 } },
    schema: z.object({ passkeyId, name: shownNameField(1, PASSKEY_NAME_MAX, 'passkey_name') }),
    invalid: 'passkey_not_found',
  },
  async ({ data, session, audit }): Promise<RenameState> => {
    const renamed = await renamePasskey(session.user.id, data.passkeyId, data.name)
    if (!renamed) return actionError('passkey_not_found')
    await audit({ type: 'passkey_renamed', result: 'success', detail: { passkeyId: data.passkeyId, from: renamed.previousName, to: data.name } })
    revalidatePath(PAGE)
    return { status: 'success', message: 'Name saved.', values: { name: data.name } }
  },
)

/** Removes a passkey: step-up within 10 minutes, never the last way to sign in. */
export const removePasskeyAction = defineAction(
  { guard: 'recently-verified', page: PAGE, fields: { passkeyId: {} }, schema: z.object({ passkeyId }), invalid: 'passkey_not_found' },
  async ({ data, session, context, audit }): Promise<RemoveState> => {
    const userId = session.user.id
    const result = await removePasskey(userId, data.passkeyId)
    if (!result.ok) {
      await audit({ type: 'passkey_removed', result: 'failure', reason: result.reason })
      return actionError(result.reason === 'last_method' ? 'passkey_last_method' : 'passkey_not_found')
    }
    const { passkey } = result
    await audit({ type: 'passkey_removed', result: 'success', detail: { passkeyId: data.passkeyId, name: passkey.name } })
    after(() => sendPasskeyNotice('removed', { userId, passkeyName: passkey.name, context }))
    return {
      status: 'removed',
      message: `“${passkey.name}” was removed. It can no longer sign in to your account.`,
      rpId: relyingParty().id,
      userHandle: userHandleFor(userId),
      removedCredentialId: passkey.credentialId,
      acceptedCredentialIds: result.remainingCredentialIds,
    }
  },
)

/** "Not now" on the passkey suggestion: hidden in this browser for 14 days. */
export const snoozePasskeyNudgeAction = defineCommand({ guard: 'session', page: '/account' }, async ({ audit }): Promise<void> => {
  const cookie = passkeyNudgeCookie()
  ;(await cookies()).set(cookie.name, String(Date.now()), cookie.options)
  await audit({ type: 'passkey_nudge_dismissed', result: 'success' })
  revalidatePath('/account', 'layout')
})
