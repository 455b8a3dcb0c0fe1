import 'server-only'
import { validIpAddress } from '../web/client-address'
import { recordEvent, type AuditEventInput } from '../audit/record'
import { sendEmail } from '../email/send'
import { securityNoticeEmail, type SecurityNoticeProps } from '../email/templates/security-notice'
import { env } from '../env'
import { log } from '../ops/log'
import type { NoticeReason } from '../audit/vocabulary'
import type { RequestContext } from '../web/request-context'
import { describeUserAgent } from '../user-agent'

/**
 * Sends a security notice to each address, with a link to the activity page.
 * A failed send is logged and recorded, never thrown: the change it reports
 * already happened. `record.userId` is null once the account is gone.
 */
export async function deliverSecurityNotice(
  addresses: string[],
  notice: Omit<SecurityNoticeProps, 'activityUrl'> & { activity?: false },
  record: { userId: string | null; reason: NoticeReason; context: RequestContext },
): Promise<void> {
  const { activity, ...props } = notice
  const email = await securityNoticeEmail({ ...props, activityUrl: activity === false ? null : `${env().appUrl}/account/activity` })
  for (const address of addresses) {
    let sent = true
    try {
      await sendEmail(address, email)
    } catch (error) {
      sent = false
      log().error({ reason: record.reason, error: error instanceof Error ? error.message : String(error) }, 'A security notice could not be sent')
    }
    await recordDelivery({
      type: sent ? 'email_sent' : 'email_failed',
      result: sent ? 'success' : 'failure',
      userId: record.userId,
      reason: record.reason,
      context: record.context,
    })
  }
}

/**
 * Notices go out after the response, so the account may have been deleted in
 * the meantime (its id no longer satisfies the foreign key): the delivery is
 * then recorded anonymised, like the rest of that account's history.
 */
async function recordDelivery(event: AuditEventInput): Promise<void> {
  try {
    await recordEvent(event)
  } catch (error) {
    const accountGone = typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2003'
    if (!accountGone) throw error
    await recordEvent({ ...event, userId: null, context: undefined })
  }
}

/** When, on which browser and from which IP address: the facts every notice ends with. */
export function eventFacts(at: Date, context: RequestContext): [label: string, value: string][] {
  return [
    ['When', `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`],
    ['Browser', describeUserAgent(context.userAgent)],
    ['IP address', validIpAddress(context.ipAddress) ?? 'unknown'],
  ]
}
