import 'server-only'
import { db } from '../db'
import type { RequestContext } from '../web/request-context'
import type { AuditEventType, AuditReason } from './vocabulary'

export type { AuditEventType, AuditReason }

export type AuditEventInput = {
  type: AuditEventType
  result: 'success' | 'failure'
  userId?: string | null
  method?: string | null
  reason?: AuditReason | null
  sessionId?: string | null
  context?: RequestContext
  /** Event-specific facts. Never pass secrets, tokens or codes. */
  detail?: Record<string, string | number | boolean | null>
}

/** Writes one row to the sign-in history / audit log (one INSERT). */
export async function recordEvent(event: AuditEventInput, now = new Date()): Promise<void> {
  await db().auditEvent.create({
    data: {
      type: event.type,
      result: event.result,
      userId: event.userId ?? null,
      method: event.method ?? null,
      reason: event.reason ?? null,
      sessionId: event.sessionId ?? null,
      ipAddress: event.context?.ipAddress ?? null,
      userAgent: event.context?.userAgent ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
      createdAt: now,
    },
    select: { id: true },
  })
}
