import 'server-only'
import { recordEvent } from '../audit/events'
import { sendEmail } from '../email/send'
import { securityNoticeEmail, type SecurityNoticeProps } from '../email/templates/security-notice'
import type { RequestContext } from '../request-context'

/**
 * Sends a security notice to each address (always sent: they can't be
 * switched off). A failed send is logged and recorded, never thrown: the
 * change it reports already happened.
 */
export async function deliverSecurityNotice(
  addresses: string[],
  notice: SecurityNoticeProps,
  record: { userId: string; reason: string; context: RequestContext },
): Promise<void> {
  const email = await securityNoticeEmail(notice)
  for (const address of addresses) {
    try {
      await sendEmail(address, email)
      await recordEvent({ type: 'email_sent', result: 'success', userId: record.userId, reason: record.reason, context: record.context })
    } catch (error) {
      console.error(`Security notice (${record.reason}) could not be sent:`, error instanceof Error ? error.message : error)
      await recordEvent({ type: 'email_failed', result: 'failure', userId: record.userId, reason: record.reason, context: record.context })
    }
  }
}
