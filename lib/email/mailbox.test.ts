import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { listMailboxMessages, mailboxRecipient, newestMailboxMessageId } from './mailbox'

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute))
const message = (id: string, to: string, minute: number) => ({ id, to, from: 'portal@example.com', subject: id, html: '', text: '', createdAt: at(minute) })

describe('the demo mailbox', () => {
  beforeAll(async () => {
    await db().mailboxMessage.createMany({
      data: [
        message('m1', 'ada@example.com', 1),
        message('m2', 'grace@example.com', 2),
        message('m3', 'ada@example.com', 3),
        message('m4', 'bruno@example.com', 4),
      ],
    })
  })

  it('lists everything newest first, or only one recipient’s messages', async () => {
    expect((await listMailboxMessages()).map((each) => each.id)).toEqual(['m4', 'm3', 'm2', 'm1'])
    expect((await listMailboxMessages({ to: 'ada@example.com' })).map((each) => each.id)).toEqual(['m3', 'm1'])
    expect(await listMailboxMessages({ to: 'nobody@example.com' })).toEqual([])
  })

  it('finds the newest message, of all or of one recipient', async () => {
    expect(await newestMailboxMessageId(null)).toBe('m4')
    expect(await newestMailboxMessageId('grace@example.com')).toBe('m2')
    expect(await newestMailboxMessageId('nobody@example.com')).toBeNull()
  })

  it('takes a recipient as typed: trimmed and in lower case, nothing when empty or longer than an address can be', () => {
    expect(mailboxRecipient('  Ada@Example.com ')).toBe('ada@example.com')
    expect(mailboxRecipient('')).toBeNull()
    expect(mailboxRecipient(undefined)).toBeNull()
    expect(mailboxRecipient(`${'a'.repeat(250)}@x.io`)).toBeNull()
  })
})
