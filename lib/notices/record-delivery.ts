import 'server-only'
import { recordEvent, type AuditEventInput } from '../audit/record'

/**
 * Notices go out after the response (or later, from the outbox), so the
 * account may have been deleted in the meantime (its id no longer satisfies
 * the foreign key): the delivery is then recorded anonymised, like the rest
 * of that account's history.
 */
export async function recordDelivery(event: AuditEventInput): Promise<void> {
  try {
    await recordEvent(event)
  } catch (error) {
    const accountGone = typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2003'
    if (!accountGone) throw error
    await recordEvent({ ...event, userId: null, context: undefined })
  }
}
