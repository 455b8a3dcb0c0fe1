import 'server-only'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { noticeAddresses } from '../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'

/** Notices about changes to recovery factors and the account itself. They always send. */
export type AccountNotice = 'recovery_codes_generated' | 'totp_added' | 'totp_removed' | 'backup_email_added' | 'backup_email_removed'

const WORDING: Record<AccountNotice, { title: string; summary: string }> = {
  recovery_codes_generated: {
    title: 'New recovery codes were made for your account',
    summary: 'A new set of recovery codes was made. Your previous codes no longer work.',
  },
  totp_added: { title: 'An authenticator app was added to your account', summary: 'Codes from this app can now be used to recover your account.' },
  totp_removed: { title: 'Your authenticator app was removed', summary: 'Codes from your authenticator app can no longer be used to recover your account.' },
  backup_email_added: {
    title: 'A backup email was added to your account',
    summary: 'This address can now be used to recover your account, and gets these notices too.',
  },
  backup_email_removed: { title: 'Your backup email was removed', summary: 'The backup address can no longer be used to recover your account.' },
}

const IF_NOT_YOU = "If this wasn't you, someone may be signed in to your account: open your activity, report it, and make new recovery codes."

/** Tells every address of the account that a recovery factor changed. `extra` reaches an address that just stopped counting. */
export async function sendAccountNotice(kind: AccountNotice, input: { userId: string; context: RequestContext; at?: Date; extra?: string[] }): Promise<void> {
  const { appName, appUrl } = env()
  const addresses = [...new Set([...(await noticeAddresses(input.userId)), ...(input.extra ?? [])])]
  await deliverSecurityNotice(
    addresses,
    {
      appName,
      title: WORDING[kind].title,
      summary: WORDING[kind].summary,
      details: eventFacts(input.at ?? new Date(), input.context),
      reviewUrl: `${appUrl}/account/recovery`,
      reviewLabel: 'Review your recovery options',
      ifNotYou: IF_NOT_YOU,
    },
    { userId: input.userId, reason: kind, context: input.context },
  )
}
