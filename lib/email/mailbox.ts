import 'server-only'
import { db } from '../db'

export type MailboxSummary = { id: string; to: string; subject: string; createdAt: Date }
export type MailboxMessageView = MailboxSummary & { from: string; html: string; text: string }

/** Newest first. Only used by the development/demo mailbox. */
export async function listMailboxMessages(limit = 100): Promise<MailboxSummary[]> {
  return db().mailboxMessage.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, to: true, subject: true, createdAt: true },
  })
}

export async function getMailboxMessage(id: string): Promise<MailboxMessageView | null> {
  if (id.length > 64) return null
  return db().mailboxMessage.findUnique({
    where: { id },
    select: { id: true, to: true, from: true, subject: true, createdAt: true, html: true, text: true },
  })
}
