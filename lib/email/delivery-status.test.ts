import { beforeAll, describe, expect, it } from 'vitest'
import { E2E_WEBHOOK_SECRET, emailEvent, signWebhook } from '../../e2e/support/webhook-signing'

// Read by lib/env on first use, which comes after this (the modules below are imported in beforeAll).
beforeAll(() => {
  process.env.RESEND_API_KEY = 're_test_key'
  process.env.EMAIL_FROM = 'Passkey Portal <login@portal.test>'
  process.env.RESEND_WEBHOOK_SECRET = E2E_WEBHOOK_SECRET
})

const modules = async () => ({
  ...(await import('./delivery-status')),
  ...(await import('./delivery-views')),
  ...(await import('./delivery-tags')),
  db: (await import('../db')).db,
})

const person = async () => {
  const { db } = await modules()
  return db().user.create({ data: { email: `delivery-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
}

const message = (tags: Record<string, string>) => ({
  id: `email-${Math.random().toString(36).slice(2)}`,
  to: ['someone@example.com'],
  subject: 'Your code',
  tags,
})

async function post(type: string, email: ReturnType<typeof message>, options: { secret?: string; id?: string; timestamp?: number; at?: Date } = {}) {
  const { applyDeliveryWebhook } = await modules()
  const signed = signWebhook(options.secret ?? E2E_WEBHOOK_SECRET, emailEvent(type, email, options.at), options)
  return applyDeliveryWebhook(signed.body, new Headers(signed.headers))
}

describe('applyDeliveryWebhook', () => {
  it('records a signed event against the message and its person, and a bounce in their history', async () => {
    const { db, personDeliveries } = await modules()
    const { id: userId } = await person()
    const email = message({ kind: 'sign_in', ref: 'a'.repeat(32), user: userId })
    expect(await post('email.sent', email)).toEqual({ ok: true, applied: true })
    expect(await post('email.bounced', email)).toEqual({ ok: true, applied: true })
    const row = await db().emailDelivery.findUniqueOrThrow({ where: { id: email.id } })
    expect(row).toMatchObject({ kind: 'sign_in', ref: 'a'.repeat(32), userId, status: 'bounced', detail: 'Permanent / General' })
    expect(await personDeliveries(userId)).toMatchObject([{ kind: 'sign_in', status: 'bounced' }])
    const history = await db().auditEvent.findMany({ where: { userId, type: 'email_failed' }, select: { reason: true, detail: true } })
    expect(history).toEqual([{ reason: 'email_bounced', detail: JSON.stringify({ kind: 'sign_in' }) }])
  })

  it('refuses an unsigned, forged, stale or other-secret event and changes nothing', async () => {
    const { applyDeliveryWebhook, db } = await modules()
    const email = message({ kind: 'notice' })
    const signed = signWebhook(E2E_WEBHOOK_SECRET, emailEvent('email.delivered', email))
    const forged = { ...signed.headers, 'svix-signature': `v1,${Buffer.from('x'.repeat(32)).toString('base64')}` }
    const unsigned = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'svix-signature'))
    expect(await applyDeliveryWebhook(signed.body, new Headers(forged))).toEqual({ ok: false, reason: 'signature' })
    expect(await applyDeliveryWebhook(signed.body, new Headers(unsigned))).toEqual({ ok: false, reason: 'signature' })
    // The body changed after signing: a bounce passed off under a delivery's signature.
    expect(await applyDeliveryWebhook(signed.body.replace('email.delivered', 'email.bounced'), new Headers(signed.headers))).toEqual({
      ok: false,
      reason: 'signature',
    })
    const otherSecret = `whsec_${Buffer.from('another-endpoint-secret-entirely').toString('base64')}`
    expect(await post('email.delivered', email, { secret: otherSecret })).toEqual({ ok: false, reason: 'signature' })
    // Outside the five-minute tolerance: a captured event replayed later.
    expect(await post('email.delivered', email, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).toEqual({ ok: false, reason: 'signature' })
    expect(await db().emailDelivery.count({ where: { id: email.id } })).toBe(0)
  })

  it('applies a replayed webhook once', async () => {
    const { db } = await modules()
    const { id: userId } = await person()
    const email = message({ kind: 'recovery', user: userId })
    expect(await post('email.bounced', email, { id: 'msg_replayed' })).toEqual({ ok: true, applied: true })
    expect(await post('email.bounced', email, { id: 'msg_replayed' })).toEqual({ ok: true, applied: false })
    expect(await db().auditEvent.count({ where: { userId, type: 'email_failed' } })).toBe(1)
    expect(await db().emailWebhookEvent.count({ where: { id: 'msg_replayed' } })).toBe(1)
  })

  it('only moves a message forward: a late "delayed" never hides its delivery', async () => {
    const { db } = await modules()
    const email = message({ kind: 'notice' })
    await post('email.delivered', email)
    await post('email.delivery_delayed', email)
    await post('email.sent', email)
    expect((await db().emailDelivery.findUniqueOrThrow({ where: { id: email.id } })).status).toBe('delivered')
    await post('email.complained', email)
    expect((await db().emailDelivery.findUniqueOrThrow({ where: { id: email.id } })).status).toBe('complained')
  })

  it('ignores events about mail it did not tag, opens and clicks, and a tag naming no account', async () => {
    const { db } = await modules()
    const untagged = message({})
    expect(await post('email.bounced', untagged)).toEqual({ ok: true, applied: false })
    const opened = message({ kind: 'notice' })
    expect(await post('email.opened', opened)).toEqual({ ok: true, applied: false })
    const stranger = message({ kind: 'notice', user: 'nobody-with-this-id' })
    expect(await post('email.bounced', stranger)).toEqual({ ok: true, applied: true })
    expect(await db().emailDelivery.findUniqueOrThrow({ where: { id: stranger.id }, select: { userId: true } })).toEqual({ userId: null })
    expect(await db().emailDelivery.count({ where: { id: { in: [untagged.id, opened.id] } } })).toBe(0)
  })
})

describe('signInDelivery', () => {
  it("gives the check-email screen its email's status, found by the challenge's reference", async () => {
    const { challengeDeliveryRef, signInDelivery } = await modules()
    const { id: userId } = await person()
    const challenge = { id: `challenge-${Math.random()}`, createdAt: new Date(), emailed: true }
    expect(await signInDelivery(challenge)).toBeNull()
    const email = message({ kind: 'sign_in', ref: challengeDeliveryRef(challenge.id), user: userId })
    await post('email.delivery_delayed', email)
    expect(await signInDelivery(challenge)).toBe('delayed')
    await post('email.bounced', email)
    expect(await signInDelivery(challenge)).toBe('bounced')
  })

  it('says "delivered" after a pause for an address that was sent nothing, as for any other', async () => {
    const { db, signInDelivery } = await modules()
    const { createEmailChallenge } = await import('../auth/email-code/challenge')
    const { findPendingSignIn } = await import('../auth/email-code/pending-request')
    const suspended = await db().user.create({ data: { email: `suspended-${Math.random()}@example.com`, status: 'suspended' }, select: { email: true } })
    const request = await createEmailChallenge({ email: suspended.email, returnTo: null, context: { ipAddress: null, userAgent: null }, policy: 'open' })
    expect(request.deliver).toBe(false)
    const pending = (await findPendingSignIn(request.browserSecret))!
    const challenge = { id: request.challengeId, createdAt: pending.createdAt, emailed: pending.emailed }
    expect(challenge.emailed).toBe(false)
    expect(await signInDelivery(challenge, pending.createdAt)).toBeNull()
    expect(await signInDelivery(challenge, new Date(pending.createdAt.getTime() + 8_000))).toBe('delivered')
  })

  it('acknowledges genuine events of other kinds without reading their shape, and cuts long bounce words', async () => {
    const { applyDeliveryWebhook, db } = await modules()
    const contact = signWebhook(E2E_WEBHOOK_SECRET, JSON.stringify({ type: 'contact.created', created_at: new Date().toISOString(), data: { id: 'c1' } }))
    expect(await applyDeliveryWebhook(contact.body, new Headers(contact.headers))).toEqual({ ok: true, applied: false })
    const email = message({ kind: 'notice' })
    const long = JSON.parse(emailEvent('email.bounced', email)) as { data: { bounce: { subType: string } } }
    long.data.bounce.subType = 'x'.repeat(500)
    const signed = signWebhook(E2E_WEBHOOK_SECRET, JSON.stringify(long))
    expect(await applyDeliveryWebhook(signed.body, new Headers(signed.headers))).toEqual({ ok: true, applied: true })
    expect((await db().emailDelivery.findUniqueOrThrow({ where: { id: email.id } })).detail).toBe(`Permanent / ${'x'.repeat(64)}`)
  })
})
