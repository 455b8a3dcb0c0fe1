import 'server-only'
import { db } from '../db'
import { sendEmail } from '../email/send'
import { securityNoticeEmail, type SecurityNoticeProps } from '../email/templates/security-notice'
import { emailTranslator } from '../email/words'
import type { NoticeReason } from '../audit/vocabulary'
import type { RequestContext } from '../web/request-context'
import { errorFields, log } from '../ops/log'
import { recordDelivery } from './record-delivery'

/**
 * The outbox of security notices: each notice to each address is a row,
 * written before anything tries to send it and deleted once sent. The
 * request that made the change sends it at once (after its response); what
 * fails, or was still queued when an instance stopped, is sent by the
 * background work of any instance (sendDueNotices). At least once: a row is
 * claimed for CLAIM_SECONDS by one statement, and the provider's
 * idempotency key (the row's id) keeps a retry from arriving twice.
 */

export type QueuedNotice = {
  address: string
  notice: SecurityNoticeProps
  record: { userId: string | null; reason: NoticeReason; context: RequestContext }
}

/** How long one instance holds a row while it sends (past it, another instance may try). */
const CLAIM_SECONDS = 120
/** Seconds before each retry; after the last, the notice is recorded as failed and dropped. */
const RETRY_AFTER_SECONDS = [10, 60, 300, 1_800, 7_200]

const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000)

/**
 * Writes each notice to the outbox. `claimed`: the caller sends them at once
 * (sendClaimedNotice), so each row is written already held by this instance,
 * as claim() would leave it, and no other instance takes it meanwhile; if
 * this one stops before sending, any instance sends it once the hold ends.
 * They are sent one after another, so each row is held a claim's time longer
 * than the one before it (a notice to every administrator is many rows).
 */
export async function queueNotices(notices: QueuedNotice[], now = new Date(), options: { claimed?: boolean } = {}): Promise<string[]> {
  const ids: string[] = []
  for (const [index, notice] of notices.entries()) {
    const hold = options.claimed ? { availableAt: later(now, CLAIM_SECONDS * (index + 1)), attempts: 1 } : { availableAt: now }
    const { id } = await db().outboxMessage.create({ data: { payload: JSON.stringify(notice), createdAt: now, ...hold }, select: { id: true } })
    ids.push(id)
  }
  return ids
}

/** Claims a due row for this instance: one statement, exactly one caller wins. */
async function claim(id: string, now: Date): Promise<(QueuedNotice & { attempts: number }) | null> {
  const [row] = await db().outboxMessage.updateManyAndReturn({
    where: { id, availableAt: { lte: now } },
    data: { availableAt: later(now, CLAIM_SECONDS), attempts: { increment: 1 } },
    select: { payload: true, attempts: true },
  })
  if (!row) return null
  const queued = JSON.parse(row.payload) as QueuedNotice | LegacyQueuedNotice
  return { ...queued, notice: 'locale' in queued.notice ? queued.notice : fromLegacy(queued.notice), attempts: row.attempts }
}

/** A notice queued before notices were written in their reader's language: English, its frame's words not yet in it. */
type LegacyNotice = Omit<SecurityNoticeProps, 'locale' | 'activity' | 'footer'> & { activityUrl: string | null; optional?: boolean }
type LegacyQueuedNotice = Omit<QueuedNotice, 'notice'> & { notice: LegacyNotice }

function fromLegacy({ activityUrl, optional, ...notice }: LegacyNotice): SecurityNoticeProps {
  const { t } = emailTranslator({ locale: 'en', timeZone: 'UTC' })
  return {
    ...notice,
    locale: 'en',
    activity: activityUrl ? { label: t('email.securityNotice.activity'), url: activityUrl } : null,
    footer: optional ? t('email.securityNotice.footerOptional', { appName: notice.appName }) : t('email.securityNotice.footer', { appName: notice.appName }),
  }
}

/** Sends one queued notice if it is due and no other instance holds it. */
export async function sendQueuedNotice(id: string, now = new Date()): Promise<'sent' | 'retrying' | 'failed' | 'not_due'> {
  const claimed = await claim(id, now)
  if (!claimed) return 'not_due'
  return sendClaimedNotice(id, claimed)
}

/** Sends a notice this instance holds (claimed, or queued claimed); `attempts` counts this one. */
export async function sendClaimedNotice(
  id: string,
  { address, notice, record, attempts }: QueuedNotice & { attempts: number },
): Promise<'sent' | 'retrying' | 'failed'> {
  try {
    await sendEmail(address, await securityNoticeEmail(notice), { idempotencyKey: `notice-${id}`, tag: { kind: 'notice', userId: record.userId } })
  } catch (error) {
    log().error({ reason: record.reason, attempts, error: error instanceof Error ? error.message : String(error) }, 'A security notice could not be sent')
    await recordDelivery({ type: 'email_failed', result: 'failure', userId: record.userId, reason: record.reason, context: record.context })
    const retryAfter = RETRY_AFTER_SECONDS[attempts - 1]
    if (retryAfter === undefined) {
      await db().outboxMessage.deleteMany({ where: { id } })
      return 'failed'
    }
    await db().outboxMessage.updateMany({ where: { id }, data: { availableAt: later(new Date(), retryAfter) } })
    return 'retrying'
  }
  await db().outboxMessage.deleteMany({ where: { id } })
  await recordDelivery({ type: 'email_sent', result: 'success', userId: record.userId, reason: record.reason, context: record.context })
  return 'sent'
}

/** The background work's part: sends what is due, oldest first, a batch at a time (index on availableAt). */
export async function sendDueNotices(now = new Date(), batch = 20): Promise<number> {
  const due = await db().outboxMessage.findMany({ where: { availableAt: { lte: now } }, orderBy: { availableAt: 'asc' }, take: batch, select: { id: true } })
  let sent = 0
  for (const { id } of due) {
    try {
      if ((await sendQueuedNotice(id, now)) === 'sent') sent += 1
    } catch (error) {
      log().error(errorFields(error), 'The outbox could not send a notice; it stays queued')
    }
  }
  return sent
}
