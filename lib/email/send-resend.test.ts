import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startResendServer, type ResendServer } from '../../e2e/support/resend-server'

let server: ResendServer

// These variables must be in place before lib/env reads the configuration.
beforeAll(async () => {
  server = await startResendServer()
  process.env.RESEND_API_KEY = 're_test_key'
  process.env.RESEND_BASE_URL = server.url
  process.env.EMAIL_FROM = 'Passkey Portal <login@portal.test>'
})

afterAll(() => server.close())

describe('sendEmail with RESEND_API_KEY', () => {
  it('sends through the Resend SDK and nothing goes to the dev mailbox', async () => {
    const { sendEmail } = await import('./send')
    const { welcomeEmail } = await import('./templates/welcome')
    const { db } = await import('../db')
    const sent = await sendEmail('grace@example.com', await welcomeEmail({ appName: 'Passkey Portal', appUrl: 'http://localhost:3000', displayName: null }))

    expect(sent.transport).toBe('resend')
    expect(server.captured).toHaveLength(1)
    expect(server.captured[0]).toMatchObject({
      id: sent.id,
      from: 'Passkey Portal <login@portal.test>',
      to: ['grace@example.com'],
      subject: 'Welcome to Passkey Portal',
      authorization: 'Bearer re_test_key',
    })
    expect(server.captured[0]?.html).toContain('<html')
    expect(server.captured[0]?.text).toContain('Sign in to Passkey Portal')
    expect(await db().mailboxMessage.count()).toBe(0)
  })

  it('throws EmailDeliveryError when the provider fails', async () => {
    const { sendEmail, EmailDeliveryError } = await import('./send')
    server.failNext(500)
    const attempt = sendEmail('grace@example.com', { subject: 's', html: '<p>h</p>', text: 't' })
    await expect(attempt).rejects.toBeInstanceOf(EmailDeliveryError)
    await expect(attempt).rejects.toMatchObject({ statusCode: 500 })
  })
})
