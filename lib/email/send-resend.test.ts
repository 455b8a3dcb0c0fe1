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
    const english = (await import('./words')).emailTranslator({ locale: 'en', timeZone: 'UTC' })
    const { db } = await import('../db')
    const sent = await sendEmail(
      'grace@example.com',
      await welcomeEmail(english, { appName: 'Passkey Portal', appUrl: 'http://localhost:3000', displayName: null }),
    )

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

  it('throws EmailDeliveryError when the provider keeps failing', async () => {
    const { sendEmail, EmailDeliveryError } = await import('./send')
    server.failNext(500, 3)
    const attempt = sendEmail('grace@example.com', { subject: 's', html: '<p>h</p>', text: 't' })
    await expect(attempt).rejects.toBeInstanceOf(EmailDeliveryError)
    await expect(attempt).rejects.toMatchObject({ statusCode: 500 })
  })

  const attemptsTo = (to: string) => server.attempts.filter((attempt) => attempt.to.includes(to))
  const message = { subject: 's', html: '<p>h</p>', text: 't' }

  it('retries transient failures (503, 429) with one idempotency key and sends once', async () => {
    const { sendEmail } = await import('./send')
    server.failNext(503, 1, 'retry@example.com')
    const sent = await sendEmail('retry@example.com', message)
    expect(sent.transport).toBe('resend')
    const attempts = attemptsTo('retry@example.com')
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([503, 'sent'])
    expect(new Set(attempts.map((attempt) => attempt.idempotencyKey)).size).toBe(1)
    expect(attempts[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    server.failNext(429, 2, 'busy@example.com')
    await sendEmail('busy@example.com', message)
    expect(attemptsTo('busy@example.com').map((attempt) => attempt.outcome)).toEqual([429, 429, 'sent'])
  })

  it('does not retry a refusal (4xx)', async () => {
    const { sendEmail } = await import('./send')
    server.failNext(422, 1, 'refused@example.com')
    await expect(sendEmail('refused@example.com', message)).rejects.toMatchObject({ statusCode: 422 })
    expect(attemptsTo('refused@example.com')).toHaveLength(1)
  })

  it('gives up on a provider that does not answer after one attempt’s timeout, without retrying', async () => {
    const { sendEmail, EmailDeliveryError } = await import('./send')
    server.failNext('hang', 5, 'hang@example.com')
    const attempt = sendEmail('hang@example.com', message)
    await expect(attempt).rejects.toBeInstanceOf(EmailDeliveryError)
    await expect(attempt).rejects.toMatchObject({ statusCode: null, message: expect.stringContaining('did not answer') })
    expect(attemptsTo('hang@example.com')).toHaveLength(1)
  })

  it('stops trying after five transient failures in a row, failing at once, and counts each failure by cause', async () => {
    const { sendEmail, resetEmailCircuit } = await import('./send')
    const { metrics } = await import('../ops/metrics')
    const failed = async (cause: string) => (await metrics().emailFailed.get()).values.find((value) => value.labels.cause === cause)?.value ?? 0
    resetEmailCircuit()
    const refusedBefore = await failed('refused')
    server.failNext(500, 15, 'down@example.com')
    for (let send = 0; send < 5; send++) await expect(sendEmail('down@example.com', message)).rejects.toMatchObject({ statusCode: 500 })
    expect(attemptsTo('down@example.com')).toHaveLength(15)
    expect(await failed('refused')).toBe(refusedBefore + 5)

    // Open: no attempt reaches the provider, and the failure is immediate.
    await expect(sendEmail('down@example.com', message)).rejects.toMatchObject({ failure: 'circuit_open' })
    expect(attemptsTo('down@example.com')).toHaveLength(15)
    expect(await failed('circuit_open')).toBe(1)

    resetEmailCircuit()
    const sentBefore = (await metrics().emailSent.get()).values.find((value) => value.labels.transport === 'resend')?.value ?? 0
    await sendEmail('down@example.com', message)
    expect((await metrics().emailSent.get()).values.find((value) => value.labels.transport === 'resend')?.value).toBe(sentBefore + 1)
  })
})
