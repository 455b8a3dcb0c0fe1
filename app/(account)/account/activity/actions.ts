'use server'

import { z } from 'zod'
import { actionError, formFields, type ActionState } from '@/lib/web/action-state'
import { reportUnrecognisedActivity } from '@/lib/activity/report'
import { requireSession } from '@/lib/auth/dal'
import { mayEndOtherSessions } from '@/lib/auth/session/step-up'
import { getRequestContext } from '@/lib/web/request-context'

export type ReportState = ActionState | { status: 'reported'; signedOut: number }

/**
 * "This wasn't me" on a history row: signs out every other session at once
 * and records the report for administrators. From the account's newest
 * sign-in no confirmation is needed (speed matters here); from an older
 * session it needs one, or a stolen session could evict its owner.
 */
export async function reportActivityAction(_previous: ReportState, form: FormData): Promise<ReportState> {
  const fields = formFields(form, ['eventId'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ eventId: z.string().min(1).max(64) }).safeParse(fields)
  if (!parsed.success) return actionError('activity_not_found')
  const session = await requireSession('/account/activity')
  if (!(await mayEndOtherSessions(session))) return actionError('step_up_required')
  const result = await reportUnrecognisedActivity({
    userId: session.user.id,
    sessionId: session.sessionId,
    eventId: parsed.data.eventId,
    context: await getRequestContext(),
  })
  if (!result) return actionError('activity_not_found')
  // No revalidation: the row keeps showing what was done and what to do next.
  return { status: 'reported', signedOut: result.signedOut }
}
