import 'server-only'
import type { RequestContext } from '../web/request-context'
import { recordEvent, type Audit } from './record'

/** Who is acting: the signed-in person and their session, or nobody. */
export type AuditCaller = { user: { id: string }; sessionId: string } | null

/**
 * History rows of one request: the user and session are filled in unless
 * given (null says "none"), the actor and the request context always.
 */
export function auditAs(caller: AuditCaller, context: RequestContext): Audit {
  return (event, tx) => {
    const userId = event.userId === undefined ? (caller?.user.id ?? null) : event.userId
    return recordEvent(
      {
        ...event,
        userId,
        sessionId: event.sessionId === undefined ? (caller?.sessionId ?? null) : event.sessionId,
        // Someone acting on another account (an administrator, an agent) is named as the actor.
        actorId: caller && caller.user.id !== userId ? caller.user.id : null,
        context,
      },
      new Date(),
      tx,
    )
  }
}
