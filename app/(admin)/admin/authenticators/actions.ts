'use server'

import { revalidatePath } from 'next/cache'
import { getFormatter, getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { refreshAuthenticatorMetadata } from '@/lib/authenticators/metadata-refresh'
import { notifyRecallHolders, recallInputSchema, revokeInputSchema, scheduleRecallRevocation } from '@/lib/authenticators/recall'
import { actionError, type ActionState } from '@/lib/web/action-state'

// Recalls change who can sign in: administrators only, with a fresh confirmation. Each use case writes its history row.
const PAGE = '/admin/authenticators'

export type RecallState = ActionState<'revokeOn'>

const words = () => getTranslations('admin.authenticators.done')

function done(message: string): RecallState {
  revalidatePath(PAGE)
  return { status: 'success', message }
}

const recall = { fields: { aaguid: {} }, schema: recallInputSchema, invalid: 'recall_not_found' } as const

/** Reads the metadata source now, whatever its next update says. */
export const refreshMetadataAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, fields: {}, schema: z.object({}) },
  async (): Promise<RecallState> => {
    const outcome = await refreshAuthenticatorMetadata({ force: true })
    const t = await words()
    if (outcome.outcome === 'refused') return actionError(`metadata_${outcome.reason}`)
    return done(outcome.outcome === 'loaded' ? t('loaded', { models: outcome.models }) : t('unchanged'))
  },
)

/** Tells every holder of the recalled model what to do; the outbox sends the emails. */
export const notifyRecallAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...recall },
  async ({ data, session, ctx }): Promise<RecallState> => {
    const outcome = await notifyRecallHolders(data, session, ctx)
    return outcome.ok ? done((await words())('notified', { people: outcome.people })) : actionError(outcome.reason)
  },
)

/** Sets the day the model's passkeys stop signing in. */
export const scheduleRecallAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { aaguid: {}, revokeOn: { error: 'recall_date', echo: 10 } },
    schema: revokeInputSchema,
    invalid: 'recall_not_found',
  },
  async ({ data, session, ctx }): Promise<RecallState> => {
    const outcome = await scheduleRecallRevocation(data, session, ctx)
    if (!outcome.ok) return actionError(outcome.reason, outcome.reason === 'recall_date' ? { field: 'revokeOn' } : {})
    const at = (await getFormatter()).dateTime(outcome.revokeAt, 'time')
    const t = await words()
    const scheduled = t('scheduled', { passkeys: outcome.passkeys, at })
    return done(outcome.breakGlassKept > 0 ? `${scheduled} ${t('breakGlassKept')}` : scheduled)
  },
)
