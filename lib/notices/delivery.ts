import 'server-only'
import { validIpAddress } from '../web/client-address'
import type { SecurityNoticeProps } from '../email/templates/security-notice'
import { browserIn, emailTranslator } from '../email/words'
import { env } from '../env'
import { recipientPreferences } from '../i18n/preferences'
import type { Translator } from '../i18n/translator'
import { queueNotices, sendClaimedNotice, type QueuedNotice } from './outbox'
import type { Addressee } from './addresses'
import type { NoticeReason } from '../audit/vocabulary'
import type { RequestContext } from '../web/request-context'

/** What a notice says, in one reader's words; the frame (footer, link to the activity page) is added here. */
export type NoticeWords = Pick<SecurityNoticeProps, 'title' | 'summary' | 'details' | 'reviewUrl' | 'reviewLabel' | 'ifNotYou'> & {
  /** false: no link to the activity page (the account is gone, or the notice is about someone else's). */
  activity?: false
  /** Only the new-sign-in notice can be switched off; its footer says where. */
  optional?: boolean
}

export type SecurityNotice = {
  /** Who is told, each addressee in their own language and zone; nobody when null (the account is gone). */
  to: Addressee | Addressee[] | null
  /**
   * Whether the addressee made the request that caused the notice: then its
   * language and zone stand in for ones they never saved. Someone else's
   * request (an administrator's, a directory's, whoever typed wrong codes)
   * never chooses the language of a person's notice (ADR 26).
   */
  own: boolean
  /** The history row of each delivery. `record.userId` is null once the account is gone. */
  record: { userId: string | null; reason: NoticeReason; context: RequestContext }
  /** The request that caused it, when not the record's context (which a deleted account's record leaves anonymous). */
  request?: RequestContext
  /** The notice in one reader's words, times in their zone. */
  write: (tr: Translator) => NoticeWords
}

/**
 * Writes a notice for each of its addresses, ready for the outbox: in the
 * addressee's saved language and zone, else as `own` says
 * (recipientPreferences). The words are final here, so a notice sent later
 * from the outbox reads as it would have at once.
 */
export function composeNotices(notice: SecurityNotice): QueuedNotice[] {
  const { appName, appUrl } = env()
  const request = notice.request ?? notice.record.context
  const addressees = notice.to === null ? [] : Array.isArray(notice.to) ? notice.to : [notice.to]
  return addressees.flatMap((addressee) => {
    const tr = emailTranslator(recipientPreferences(addressee, request, notice.own))
    const { activity, optional, ...words } = notice.write(tr)
    const props: SecurityNoticeProps = {
      ...words,
      locale: tr.locale,
      appName,
      activity: activity === false ? null : { label: tr.t('email.securityNotice.activity'), url: `${appUrl}/account/activity` },
      footer: optional ? tr.t('email.securityNotice.footerOptional', { appName }) : tr.t('email.securityNotice.footer', { appName }),
    }
    return addressee.addresses.map((address) => ({ address, notice: props, record: notice.record }))
  })
}

/**
 * Sends a security notice to each address, with a link to the activity page.
 * Each is queued in the outbox first (lib/notices/outbox.ts), held by this
 * instance, then sent at once; one that fails is retried later by any
 * instance, so a failed send is logged and recorded, never thrown: the
 * change it reports already happened.
 */
export async function deliverSecurityNotice(notice: SecurityNotice): Promise<void> {
  const notices = composeNotices(notice)
  const ids = await queueNotices(notices, new Date(), { claimed: true })
  for (const [index, id] of ids.entries()) await sendClaimedNotice(id, { ...notices[index]!, attempts: 1 })
}

/** When (in the reader's zone, named), on which browser and from which IP address: the facts every notice ends with. */
export function eventFacts(tr: Translator, at: Date, context: RequestContext): [label: string, value: string][] {
  const { t, format } = tr
  return [
    [t('notices.facts.when'), format.dateTime(at, 'time')],
    [t('notices.facts.browser'), browserIn(tr, context.userAgent)],
    [t('notices.facts.ipAddress'), validIpAddress(context.ipAddress) ?? t('notices.facts.ipUnknown')],
  ]
}
