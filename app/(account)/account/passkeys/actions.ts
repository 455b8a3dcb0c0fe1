'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { dismissPasskeyNudge } from '@/lib/auth/passkeys/device-passkeys'
import { PASSKEY_NAME_MAX, removePasskey, renamePasskey } from '@/lib/auth/passkeys/management'
import type { PasskeySignals } from '@/lib/auth/passkeys/signals'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { shownNameField } from '@/lib/web/form-fields'

const PAGE = '/account/passkeys'

export type RenameState = ActionState<'name'>

/** What the browser needs after a removal to tell its passkey provider (Signal API). */
export type RemoveState = ActionState<'passkeyId'> | { status: 'removed'; message: string; removedCredentialId: string; signals: PasskeySignals }

const passkeyId = z.string({ error: 'passkey_not_found' }).min(1, 'passkey_not_found').max(64, 'passkey_not_found')

export const renamePasskeyAction = defineAction(
  {
    guard: 'session',
    page: PAGE,
    fields: { passkeyId: {}, name: { error: 'passkey_name', echo: 200 } },
    schema: z.object({ passkeyId, name: shownNameField(1, PASSKEY_NAME_MAX, 'passkey_name') }),
    invalid: 'passkey_not_found',
  },
  async ({ data, session, ctx }): Promise<RenameState> => {
    const outcome = await renamePasskey(data, session, ctx)
    if (!outcome.ok) return actionError('passkey_not_found')
    revalidatePath(PAGE)
    const t = await getTranslations('account.passkeys')
    return { status: 'success', message: t('saved'), values: { name: data.name } }
  },
)

/** Removes a passkey: step-up within 10 minutes, never the last way to sign in. */
export const removePasskeyAction = defineAction(
  { guard: 'recently-verified', page: PAGE, fields: { passkeyId: {} }, schema: z.object({ passkeyId }), invalid: 'passkey_not_found' },
  async ({ data, session, ctx }): Promise<RemoveState> => {
    const outcome = await removePasskey(data, session, ctx)
    if (!outcome.ok) return actionError(outcome.reason === 'last_method' ? 'passkey_last_method' : 'passkey_not_found')
    const t = await getTranslations('account.passkeys')
    return {
      status: 'removed',
      message: t('removed', { name: outcome.name }),
      removedCredentialId: outcome.removedCredentialId,
      signals: outcome.signals,
    }
  },
)

/** "Not now" on the passkey suggestion: hidden in this browser for 14 days. */
export const snoozePasskeyNudgeAction = defineCommand({ guard: 'session', page: '/account' }, async ({ ctx }): Promise<void> => {
  await dismissPasskeyNudge(ctx)
  revalidatePath('/account', 'layout')
})
