import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { getMailboxMessage, listMailboxMessages } from './mailbox'
import { sendEmail } from './send'
import { welcomeEmail } from './templates/welcome'
import { emailTranslator } from './words'

const english = emailTranslator({ locale: 'en', timeZone: 'UTC' })

describe('sendEmail without RESEND_API_KEY (development and tests)', () => {
  it('stores the message in the dev mailbox', async () => {
    const email = await welcomeEmail(english, { appName: 'Passkey Portal', appUrl: 'http://localhost:3000', displayName: 'Ada' })
    const sent = await sendEmail('ada@example.com', email)
    expect(sent.transport).toBe('mailbox')

    const [latest] = await listMailboxMessages()
    expect(latest).toMatchObject({ id: sent.id, to: 'ada@example.com', subject: 'Welcome to Passkey Portal' })
    const message = await getMailboxMessage(sent.id)
    expect(message?.html).toContain('Welcome, Ada')
    expect(message?.text).toContain('http://localhost:3000/sign-in')
    expect(await db().mailboxMessage.count()).toBe(1)
  })
})
