import 'server-only'
import { db } from '../db'
import type { RequestContext } from '../request-context'

export type AuditEventType =
  | 'account_created'
  | 'sign_in'
  | 'sign_in_requested'
  | 'sign_in_approved'
  | 'email_sign_in_paused'
  | 'sign_out'
  | 'session_revoked'
  | 'email_sent'
  | 'email_failed'
  | 'step_up'
  | 'passkey_added'
  | 'passkey_renamed'
  | 'passkey_removed'
  | 'passkey_clone_suspected'
  | 'recovery_codes_generated'
  | 'totp_added'
  | 'totp_removed'
  | 'backup_email_added'
  | 'backup_email_removed'
  | 'recovery_requested'
  | 'recovery_email_proven'
  | 'recovery_factor'
  | 'account_recovered'
  | 'access_code_requested'
  | 'access_code_issued'
  | 'access_code_used'
  | 'access_code_reported'
  | 'access_code_expired'
  | 'activity_reported'
  | 'profile_updated'
  | 'email_change_requested'
  | 'email_changed'
  | 'notice_settings_changed'
  | 'account_deleted'
  | 'data_exported'

export type AuditEventInput = {
  type: AuditEventType
  result: 'success' | 'failure'
  userId?: string | null
  method?: string | null
  reason?: string | null
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
