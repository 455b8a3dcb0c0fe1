'use server'

import { after } from 'next/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { findGroup } from '@/lib/policy/groups'
import { REMINDER_QUIET_DAYS, reminderRecipients, sendPasskeyReminders } from '@/lib/rollout/reminders'
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
  async ({ data, audit }): Promise<ReminderState> => {
    if (!(await findGroup(data.groupId))) return actionError('group_not_found')
    const recipients = await reminderRecipients(data.groupId)
    if (recipients.length === 0) return actionError('reminders_none')
    after(() => sendPasskeyReminders(recipients, audit))
    return {
      status: 'success',
      message: `Sending a reminder to ${recipients.length} ${recipients.length === 1 ? 'person' : 'people'}. Nobody is reminded more than once in ${REMINDER_QUIET_DAYS} days.`,
    }
  },
)
