'use server'

import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { reportActivity } from '@/lib/activity/report'
import { actionError, type ActionState } from '@/lib/web/action-state'

export type ReportState = ActionState | { status: 'reported'; signedOut: number; message: string }

/**
 * "This wasn't me" on a history row: signs out every other session at once
 * and records the report for administrators. From the account's newest
 * sign-in no confirmation is needed (speed matters here); from an older
 * session it needs one, or a stolen session could evict its owner.
 */
export const reportActivityAction = defineAction(
  {
    guard: 'newest-or-recently-verified',
    page: '/account/activity',
    fields: { eventId: {} },
    schema: z.object({ eventId: z.string().min(1).max(64) }),
    invalid: 'activity_not_found',
  },
  async ({ data, session, ctx }): Promise<ReportState> => {
    const reported = await reportActivity(data, session, ctx)
    if (!reported.ok) return actionError(reported.reason)
    const t = await getTranslations('activity.report')
    // No revalidation: the row keeps showing what was done and what to do next.
    return { status: 'reported', signedOut: reported.signedOut, message: t('done', { count: reported.signedOut }) }
  },
)
