'use server'

import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { REMINDER_QUIET_DAYS, sendPasskeyReminders } from '@/lib/rollout/reminders'
import { actionError, type ActionState } from '@/lib/web/action-state'

export type ReminderState = ActionState<'groupId'>

/**
 * Emails a group's people still without a passkey a fixed reminder (at most
 * once a week each), after the response. An administrator's, with a fresh
 * confirmation; each reminder is in the person's history with the admin.
 */
export const sendPasskeyRemindersAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: '/admin/rollout',
    fields: { groupId: {} },
    schema: z.object({ groupId: z.string({ error: 'group_not_found' }).min(1, 'group_not_found').max(64, 'group_not_found') }),
    invalid: 'group_not_found',
  },
  async ({ data, ctx }): Promise<ReminderState> => {
    const outcome = await sendPasskeyReminders(data, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    const t = await getTranslations('rollout.reminders')
    return { status: 'success', message: t('sent', { count: outcome.recipients, days: REMINDER_QUIET_DAYS }) }
  },
)
