import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startResendServer, type ResendServer } from '../../e2e/support/resend-server'
import type { QueuedNotice } from './outbox'

let server: ResendServer

// These variables must be in place before lib/env reads the configuration.
beforeAll(async () => {
  server = await startResendServer()
  process.env.RESEND_API_KEY = 're_test_key'
  process.env.RESEND_BASE_URL = server.url
  process.env.EMAIL_FROM = 'Passkey Portal <login@portal.test>'
})

afterAll(() => server.close())

const notice = (address: string): QueuedNotice => ({
  address,
  notice: {
    locale: 'en',
    appName: 'Passkey Portal',
    title: 'A passkey was added to your account',
    summary: 'Someone added a passkey.',
    details: [['When', '2026-11-28 10:00 UTC']],
    reviewUrl: 'http://localhost:3000/account/passkeys',
    reviewLabel: 'Review your passkeys',
    ifNotYou: 'Remove it.',
    activity: null,
    footer: 'You get this email for every change to how you sign in to Passkey Portal; it can’t be turned off.',
  },
  record: { userId: null, reason: 'passkey_added', context: { ipAddress: null, userAgent: null } },
})

const address = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.com`

describe('the outbox of security notices', () => {
  it('keeps a notice whose send failed and sends it once it is due, with one idempotency key for every attempt', async () => {
    const { queueNotices, sendQueuedNotice, sendDueNotices } = await import('./outbox')
    const { db } = await import('../db')
    const to = address('retry')
    server.failNext(500, 3, to)
    const [id] = await queueNotices([notice(to)])
    expect(await sendQueuedNotice(id!)).toBe('retrying')
    const queued = await db().outboxMessage.findUniqueOrThrow({ where: { id: id! } })
    expect(queued.attempts).toBe(1)
    expect(queued.availableAt.getTime()).toBeGreaterThan(Date.now() + 5_000)

    // Not due yet: nothing goes out. Due: it is sent, the row goes, and the delivery is recorded.
    expect(await sendDueNotices(new Date())).toBe(0)
    expect(await sendDueNotices(new Date(Date.now() + 11_000))).toBe(1)
    expect(await db().outboxMessage.count({ where: { id: id! } })).toBe(0)
    const attempts = server.attempts.filter((attempt) => attempt.to.includes(to))
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([500, 500, 500, 'sent'])
    expect(new Set(attempts.map((attempt) => attempt.idempotencyKey))).toEqual(new Set([`notice-${id}`]))
    expect(server.captured.filter((email) => email.to.includes(to)).map((email) => email.subject)).toEqual(['A passkey was added to your account'])
  })

  it('sends a notice once when several instances drain at the same time', async () => {
    const { queueNotices, sendDueNotices } = await import('./outbox')
    const to = address('race')
    await queueNotices([notice(to)])
    const sent = await Promise.all([sendDueNotices(), sendDueNotices(), sendDueNotices()])
    expect(sent.reduce((sum, count) => sum + count, 0)).toBe(1)
    expect(server.attempts.filter((attempt) => attempt.to.includes(to))).toHaveLength(1)
  })

  it('leaves a notice queued for sending at once to the instance that holds it, until its hold ends', async () => {
    const { queueNotices, sendDueNotices } = await import('./outbox')
    const { db } = await import('../db')
    const to = address('held')
    const [id] = await queueNotices([notice(to)], new Date(), { claimed: true })
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id: id! }, select: { attempts: true } })).toEqual({ attempts: 1 })
    // Another instance draining now leaves it alone; had the holder stopped before sending, it goes once the hold ends.
    expect(await sendDueNotices(new Date())).toBe(0)
    expect(server.attempts.filter((attempt) => attempt.to.includes(to))).toHaveLength(0)
    expect(await sendDueNotices(new Date(Date.now() + 121_000))).toBe(1)
    expect(await db().outboxMessage.count({ where: { id: id! } })).toBe(0)
  })

  it('holds notices sent one after another each a claim longer than the last', async () => {
    const { queueNotices, sendDueNotices } = await import('./outbox')
    const [first, second] = [address('first-admin'), address('second-admin')]
    await queueNotices([notice(first), notice(second)], new Date(), { claimed: true })
    // Past the first hold, the second notice is still this instance's to send.
    expect(await sendDueNotices(new Date(Date.now() + 121_000))).toBe(1)
    expect(server.attempts.filter((attempt) => attempt.to.includes(second))).toHaveLength(0)
    expect(await sendDueNotices(new Date(Date.now() + 241_000))).toBe(1)
    expect(server.attempts.filter((attempt) => attempt.to.includes(second))).toHaveLength(1)
  })

  it('gives up after the last retry, recording the failure', async () => {
    const { queueNotices, sendQueuedNotice } = await import('./outbox')
    const { db } = await import('../db')
    const to = address('gone')
    server.failNext(422, 10, to)
    const [id] = await queueNotices([notice(to)])
    const outcomes: string[] = []
    for (let attempt = 0, at = Date.now(); attempt < 6; attempt++, at += 3 * 3_600_000) outcomes.push(await sendQueuedNotice(id!, new Date(at)))
    expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'retrying', 'failed'])
    expect(await db().outboxMessage.count({ where: { id: id! } })).toBe(0)
  })

  it('sends a notice queued before notices carried their language, in English with its frame', async () => {
    const { sendQueuedNotice } = await import('./outbox')
    const { db } = await import('../db')
    const to = address('legacy')
    const { notice: current, record } = notice(to)
    const { appName, title, summary, details, reviewUrl, reviewLabel, ifNotYou } = current
    const legacy = { appName, title, summary, details, reviewUrl, reviewLabel, ifNotYou, activityUrl: 'http://localhost:3000/account/activity', optional: true }
    const payload = JSON.stringify({ address: to, notice: legacy, record })
    const { id } = await db().outboxMessage.create({ data: { payload, createdAt: new Date(), availableAt: new Date() }, select: { id: true } })
    expect(await sendQueuedNotice(id)).toBe('sent')
    const [email] = server.captured.filter((captured) => captured.to.includes(to))
    expect(email!.html).toMatch(/<html[^>]*\blang="en"/)
    expect(email!.text).toContain('You can turn it off in your profile.')
    expect(email!.text).toContain('Everything that happened on your account: http://localhost:3000/account/activity')
  })
})
