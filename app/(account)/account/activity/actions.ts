'use server'

import { z } from 'zod'
import { actionError, formFields, type ActionState } from '@/lib/actions/state'
import { reportUnrecognisedActivity } from '@/lib/activity/report'
import { requireSession } from '@/lib/auth/dal'
import { getRequestContext } from '@/lib/request-context'

export type ReportState = ActionState | { status: 'reported'; signedOut: number }

/**
 * "This wasn't me" on a history row: signs out every other session at once
 * (no confirmation first: speed matters more here, and it only protects) and
 * records the report for administrators.
 */
export async function reportActivityAction(_previous: ReportState, form: FormData): Promise<ReportState> {
  const fields = formFields(form, ['eventId'])
  if (!fields) return actionError('bad_request')
  const parsed = z.object({ eventId: z.string().min(1).max(64) }).safeParse(fields)
  if (!parsed.success) return actionError('activity_not_found')
  const session = await requireSession('/account/activity')
  const result = await reportUnrecognisedActivity({ userId: session.user.id, sessionId: session.sessionId, eventId: parsed.data.eventId, context: await getRequestContext() })
  if (!result) return actionError('activity_not_found')
  // No revalidation: the row keeps showing what was done and what to do next.
  return { status: 'reported', signedOut: result.signedOut }
}
