import 'server-only'
import { validIpAddress } from '../web/client-address'
import type { SecurityNoticeProps } from '../email/templates/security-notice'
import { env } from '../env'
import { queueNotices, sendClaimedNotice } from './outbox'
import type { NoticeReason } from '../audit/vocabulary'
import type { RequestContext } from '../web/request-context'
import { describeUserAgent } from '../user-agent'

/**
 * Sends a security notice to each address, with a link to the activity page.
 * Each is queued in the outbox first (lib/notices/outbox.ts), held by this
 * instance, then sent at once; one that fails is retried later by any
 * instance, so a failed send is logged and recorded, never thrown: the
 * change it reports already happened.
 * `record.userId` is null once the account is gone.
 */
export async function deliverSecurityNotice(
  addresses: string[],
  notice: Omit<SecurityNoticeProps, 'activityUrl'> & { activity?: false },
  record: { userId: string | null; reason: NoticeReason; context: RequestContext },
): Promise<void> {
  const { activity, ...props } = notice
  const full: SecurityNoticeProps = { ...props, activityUrl: activity === false ? null : `${env().appUrl}/account/activity` }
  const notices = addresses.map((address) => ({ address, notice: full, record }))
  const ids = await queueNotices(notices, new Date(), { claimed: true })
  for (const [index, id] of ids.entries()) await sendClaimedNotice(id, { ...notices[index]!, attempts: 1 })
}

/** When, on which browser and from which IP address: the facts every notice ends with. */
export function eventFacts(at: Date, context: RequestContext): [label: string, value: string][] {
  return [
    ['When', `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`],
    ['Browser', describeUserAgent(context.userAgent)],
    ['IP address', validIpAddress(context.ipAddress) ?? 'unknown'],
  ]
}
