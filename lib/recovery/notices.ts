import 'server-only'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { noticeAddressee } from '../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'

/** Notices about changes to recovery factors and the account itself. They always send. */
export type AccountNotice =
  | 'recovery_codes_generated'
  | 'totp_added'
  | 'totp_removed'
  | 'backup_email_added'
  | 'backup_email_removed'
  | 'passkey_only_on'
  | 'passkey_only_off'
  | 'phone_added'
  | 'phone_removed'

/** Each notice's words, under notices.recoveryOptions. */
const WORDING = {
  recovery_codes_generated: 'recoveryCodesGenerated',
  totp_added: 'totpAdded',
  totp_removed: 'totpRemoved',
  backup_email_added: 'backupEmailAdded',
  backup_email_removed: 'backupEmailRemoved',
  passkey_only_on: 'passkeyOnlyOn',
  passkey_only_off: 'passkeyOnlyOff',
  phone_added: 'phoneAdded',
  phone_removed: 'phoneRemoved',
} as const satisfies Record<AccountNotice, string>

/**
 * Tells every address of the account that a recovery factor changed, in the
 * person's language (they made the change, in their session). `extra`
 * reaches an address that just stopped counting.
 */
export async function sendAccountNotice(kind: AccountNotice, input: { userId: string; context: RequestContext; at?: Date; extra?: string[] }): Promise<void> {
  const { appUrl } = env()
  const addressee = (await noticeAddressee(input.userId)) ?? { addresses: [], locale: null, timeZone: null }
  const at = input.at ?? new Date()
  const key = WORDING[kind]
  await deliverSecurityNotice({
    to: { ...addressee, addresses: [...new Set([...addressee.addresses, ...(input.extra ?? [])])] },
    own: true,
    record: { userId: input.userId, reason: kind, context: input.context },
    write: (tr) => ({
      title: tr.t(`notices.recoveryOptions.${key}.title`),
      summary: tr.t(`notices.recoveryOptions.${key}.summary`),
      details: eventFacts(tr, at, input.context),
      reviewUrl: `${appUrl}/account/recovery`,
      reviewLabel: tr.t('notices.recoveryOptions.reviewLabel'),
      ifNotYou: tr.t('notices.recoveryOptions.ifNotYou'),
    }),
  })
}
