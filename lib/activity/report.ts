import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { revokeOtherSessions } from '../auth/session/store'
import type { RequestContext } from '../web/request-context'
import { findUserEvent } from './history'
import { signOutOfAppsElsewhere } from '../oidc/app-sessions'

/**
 * The user says an event in their history wasn't them: every other session
 * ends now (their next request finds none), and so do the app sessions
 * started elsewhere, and the report is recorded with
 * the event it names. Null when the event isn't the user's.
 */
export async function reportUnrecognisedActivity(input: {
  userId: string
  sessionId: string
  eventId: string
  context: RequestContext
  /** This browser's provider session, which stays (lib/oidc/app-sessions.ts). */
  appSession?: string
}): Promise<{ signedOut: number } | null> {
  const event = await findUserEvent(input.userId, input.eventId)
  if (!event) return null
  const signedOut = await revokeOtherSessions(input.userId, input.sessionId)
  await signOutOfAppsElsewhere(input.userId, input.appSession)
  const now = new Date()
  // The history row and the open report for the helpdesk, together or not at all.
  await db().$transaction(async (tx) => {
    const reportEventId = await recordEvent(
      {
        type: 'activity_reported',
        result: 'success',
        userId: input.userId,
        sessionId: input.sessionId,
        context: input.context,
        detail: { eventId: event.id, eventType: event.type, eventAt: event.createdAt.toISOString(), signedOut },
      },
      now,
      tx,
    )
    await tx.activityReport.create({ data: { userId: input.userId, reportEventId, createdAt: now }, select: { id: true } })
  })
  return { signedOut }
}
