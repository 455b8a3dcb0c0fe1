import 'server-only'
import { db, type Db } from '../db'
import { countEvent } from '../ops/metrics'
import type { RequestContext } from '../web/request-context'
import type { AuditEventType, AuditReason, AuditResult } from './vocabulary'
import { eventOf } from '../ssf/events'
import { addSubject, queueSecurityEvent } from '../ssf/queue'

export type { AuditEventType, AuditReason }

export type AuditEventInput = {
  type: AuditEventType
  result: AuditResult
  userId?: string | null
  method?: string | null
  reason?: AuditReason | null
  sessionId?: string | null
  /** Who acted when it was not the person themselves: a signed-in user ... */
  actorId?: string | null
  /** ... or a named machine client (e.g. a SCIM token). */
  actorName?: string | null
  context?: RequestContext
  /** Event-specific facts. Never pass secrets, tokens or codes. */
  detail?: Record<string, string | number | boolean | null>
}

/** What writes history rows: the process-wide client, or a transaction's. */
export type AuditClient = Pick<Db, 'auditEvent' | 'ssfStream' | 'ssfEvent' | 'ssfSubject' | 'user'>

/**
 * A history row as a use case names it. Whoever made the Audit (the action
 * pipeline, the SCIM route) binds in the request's context and who acted.
 */
export type BoundAuditEvent = Omit<AuditEventInput, 'context' | 'actorId' | 'actorName'>

/**
 * Writes a bound history row. Given `tx`, the row is written inside that
 * transaction: it commits with the change it records, or neither does (ADR 20).
 */
export type Audit = (event: BoundAuditEvent, tx?: AuditClient) => Promise<unknown>

/** Writes one row to the sign-in history / audit log (one INSERT, sealed later: chain.ts), in `client`'s transaction when given; returns its id. */
export async function recordEvent(event: AuditEventInput, now = new Date(), client: AuditClient = db()): Promise<string> {
  const { id } = await client.auditEvent.create({
    data: {
      type: event.type,
      result: event.result,
      userId: event.userId ?? null,
      method: event.method ?? null,
      reason: event.reason ?? null,
      sessionId: event.sessionId ?? null,
      actorId: event.actorId ?? null,
      actorName: event.actorName ?? null,
      ipAddress: event.context?.ipAddress ?? null,
      userAgent: event.context?.userAgent ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
      createdAt: now,
    },
    select: { id: true },
  })
  // The apps that subscribed to security events hear of it, in the same transaction (lib/ssf, ADR 38).
  const securityEvent = event.userId ? eventOf(event) : null
  if (securityEvent && event.userId) await queueSecurityEvent(securityEvent, event.userId, client, now)
  // Signing in to an app makes the person one of its stream's subjects (lib/ssf/queue.ts).
  if (event.type === 'app_sign_in' && event.result === 'success' && event.userId && typeof event.detail?.clientId === 'string')
    await addSubject(event.detail.clientId, event.userId, client, now)
  countEvent(event)
  return id
}
