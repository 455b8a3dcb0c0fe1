import 'server-only'
import { db } from '../db'

export type MailboxSummary = { id: string; to: string; subject: string; createdAt: Date }
export type MailboxMessageView = MailboxSummary & { from: string; html: string; text: string }

/** The longest address the mailbox looks up (RFC 5321's limit on a path); longer is no address. */
export const MAILBOX_ADDRESS_MAX = 254

/** A recipient as the mailbox stores it: trimmed, lower case, or null when there is none to filter by. */
export function mailboxRecipient(input: string | null | undefined): string | null {
  const address = input?.trim().toLowerCase() ?? ''
  return address === '' || address.length > MAILBOX_ADDRESS_MAX ? null : address
}

/** Newest first, all of them or those to one recipient. Only used by the development/demo mailbox. */
export async function listMailboxMessages(options: { to?: string | null; limit?: number } = {}): Promise<MailboxSummary[]> {
  return db().mailboxMessage.findMany({
    where: options.to ? { to: options.to } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 100,
    select: { id: true, to: true, subject: true, createdAt: true },
  })
}

/**
 * The newest message's id, of all or of one recipient's: what the open
 * mailbox asks for to see whether anything arrived, and what "the newest
 * email for this address" opens. One indexed read.
 */
export async function newestMailboxMessageId(to: string | null): Promise<string | null> {
  const [newest] = await listMailboxMessages({ to, limit: 1 })
  return newest?.id ?? null
}

export async function getMailboxMessage(id: string): Promise<MailboxMessageView | null> {
  if (id.length > 64) return null
  return db().mailboxMessage.findUnique({
    where: { id },
    select: { id: true, to: true, from: true, subject: true, createdAt: true, html: true, text: true },
  })
}
