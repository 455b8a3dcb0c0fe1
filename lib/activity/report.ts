import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { endAppSessions, sendAppLogouts } from '../oidc/app-sessions'
import { appSessionOf } from '../oidc/browser-session'
import type { UseCaseContext } from '../use-case'
import type { RequestContext } from '../web/request-context'
import { findUserEvent } from './history'

/**
 * The user says an event in their history wasn't them: every other session
 * ends now (their next request finds none), and so do the app sessions
 * started elsewhere, in one transaction with the history row and the open
 * report for the helpdesk; the apps get their logout tokens once it has
 * committed. Null when the event isn't the user's.
 */
export async function reportUnrecognisedActivity(input: {
  userId: string
  sessionId: string
  eventId: string
  context: RequestContext
  /** This browser's provider session, which stays (lib/oidc/app-sessions.ts). */
  appSession?: string
}): Promise<{ signedOut: number } | null> {
  const { userId, sessionId } = input
  const event = await findUserEvent(userId, input.eventId)
  if (!event) return null
  const now = new Date()
  const { signedOut, logouts } = await db().$transaction(async (tx) => {
    const { count: signedOut } = await tx.session.deleteMany({ where: { userId, id: { not: sessionId } } })
    const logouts = await endAppSessions(userId, { keepSession: input.appSession ?? '' }, tx)
    const reportEventId = await recordEvent(
      {
        type: 'activity_reported',
        result: 'success',
        userId,
        sessionId,
        context: input.context,
        detail: { eventId: event.id, eventType: event.type, eventAt: event.createdAt.toISOString(), signedOut },
      },
      now,
      tx,
    )
    await tx.activityReport.create({ data: { userId, reportEventId, createdAt: now }, select: { id: true } })
    return { signedOut, logouts }
  })
  sendAppLogouts(logouts)
  return { signedOut }
}

export type ReportActivityOutcome = { ok: true; signedOut: number } | { ok: false; reason: 'activity_not_found' }

/** "This wasn't me" on a row of the signed-in person's history; this browser and its apps stay signed in. */
export async function reportActivity(
  input: { eventId: string },
  session: { user: { id: string }; sessionId: string },
  ctx: UseCaseContext,
): Promise<ReportActivityOutcome> {
  const reported = await reportUnrecognisedActivity({
    userId: session.user.id,
    sessionId: session.sessionId,
    eventId: input.eventId,
    context: ctx.request,
    appSession: appSessionOf(ctx.cookies),
  })
  return reported ? { ok: true, signedOut: reported.signedOut } : { ok: false, reason: 'activity_not_found' }
}
