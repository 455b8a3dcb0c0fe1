import { afterAll, describe, expect, it } from 'vitest'
import { startTwilioServer } from '../../e2e/support/twilio-server'

// Read by lib/env on first use, which comes after this: the real Twilio SDK against a loopback stand-in.
const ACCOUNT = `AC${'2'.repeat(32)}`
const twilio = await startTwilioServer(0, { accountSid: ACCOUNT, authToken: 'test-token' })
Object.assign(process.env, {
  TWILIO_ACCOUNT_SID: ACCOUNT,
  TWILIO_AUTH_TOKEN: 'test-token',
  TWILIO_BASE_URL: twilio.url,
  SMS_FROM: `MG${'3'.repeat(32)}`,
  SMS_COUNTRIES: 'GB',
})

const { db } = await import('../db')
const { testContext } = await import('../../testing/use-case')
const { textRequestCookie } = await import('./challenge')
const { confirmPhoneProof, phoneView, removePhone, sendPhoneProof } = await import('./phone')
const { maskPhoneNumber, normalisePhoneNumber } = await import('./phone-number')
type Session = Parameters<typeof sendPhoneProof>[1]

afterAll(() => twilio.close())

const PROOF = textRequestCookie('phone_proof').name
let numbers = 0
const newNumber = () => `07400 ${String(200_000 + ++numbers * 13 + Math.floor(Math.random() * 1000) * 1000).slice(-6)}`
const e164 = (typed: string) => `+44${typed.replace(/\s/g, '').slice(1)}`

async function signedIn(options: { purposes?: string[]; role?: 'user' | 'admin' | 'helpdesk'; groupId?: string } = {}) {
  const groupId =
    options.groupId ??
    (await db().group.create({ data: { name: `phones-${Math.random()}`, policy: JSON.stringify({ sms: { purposes: options.purposes ?? ['sign_in'] } }) } })).id
  const user = await db().user.create({
    data: { email: `phone-${Math.random().toString(36).slice(2)}@example.com`, groupId, role: options.role ?? 'user' },
    select: { id: true, email: true, role: true },
  })
  return { user: { ...user, displayName: null, locale: null, timeZone: null }, sessionId: 's' } as unknown as Session
}

const rowsOf = (type: string, userId: string) =>
  db().auditEvent.findMany({ where: { type, userId }, select: { result: true, reason: true }, orderBy: { createdAt: 'asc' } })
const codeTo = (phone: string) => /^(\d{6}) /.exec(twilio.captured.filter((text) => text.to === phone).at(-1)!.body)![1]!

/** Texts a proof code to `typed` and returns the browser holding the request. */
let networks = 0
async function proving(session: Session, typed: string) {
  // A network of its own each time: the per-network limit is not what these tests are about.
  const ctx = testContext({ request: { ipAddress: `203.0.113.${++networks % 250}`, userAgent: 'vitest' } })
  const sent = await sendPhoneProof({ phone: typed }, session, ctx)
  return { sent, ctx: testContext({ cookies: { [PROOF]: ctx.cookies.get(PROOF)?.value ?? '' } }) }
}

describe('phone numbers', () => {
  it('normalises what people type to E.164 and shows only the country code and the last two digits', () => {
    expect(normalisePhoneNumber('07400 123456', ['GB'])).toEqual({ ok: true, phone: '+447400123456' })
    expect(normalisePhoneNumber('+44 (0)7400-123-456', ['GB'])).toEqual({ ok: true, phone: '+447400123456' })
    expect(normalisePhoneNumber('+353 85 123 4567', ['GB'])).toEqual({ ok: false, reason: 'phone_country' })
    expect(maskPhoneNumber('+447400123456')).toBe('+44 •••• ••••56')
    expect(maskPhoneNumber('+353851234567')).toBe('+353 •• ••• ••67')
  })
})

describe('sendPhoneProof and confirmPhoneProof', () => {
  it('adds a number once the texted code comes back, recorded, with a notice to the account’s addresses', async () => {
    const session = await signedIn()
    const typed = newNumber()
    const { sent, ctx } = await proving(session, typed)
    expect(sent).toEqual({ ok: true })
    expect(twilio.captured.at(-1)).toMatchObject({ to: e164(typed), messagingServiceSid: `MG${'3'.repeat(32)}`, from: null })
    expect(await phoneView(session.user.id, ctx.cookies.get(PROOF)?.value)).toEqual({ offered: true, phone: null, pending: '+44 •••• ••••' + typed.slice(-2) })

    expect(await confirmPhoneProof({ code: codeTo(e164(typed)) }, session, ctx)).toEqual({ ok: true, masked: `+44 •••• ••••${typed.slice(-2)}` })
    expect(await db().user.findUniqueOrThrow({ where: { id: session.user.id }, select: { phone: true } })).toEqual({ phone: e164(typed) })
    expect(await rowsOf('phone_added', session.user.id)).toEqual([{ result: 'success', reason: null }])
    expect(ctx.pending).toHaveLength(1)
    expect(ctx.cookies.values.has(PROOF)).toBe(false)
  })

  it('is refused to staff, to the break-glass account and where the group lists no purpose, and nothing is texted', async () => {
    for (const who of [{ role: 'admin' as const }, { role: 'helpdesk' as const }, { groupId: 'break-glass' }, { purposes: [] }]) {
      const session = await signedIn(who)
      const typed = newNumber()
      const { sent } = await proving(session, typed)
      expect(sent).toMatchObject({ ok: false, state: { code: 'method_sms_not_allowed', field: 'phone' } })
      expect(twilio.captured.filter((text) => text.to === e164(typed))).toEqual([])
      expect((await phoneView(session.user.id, undefined)).offered).toBe(false)
    }
  })

  it('refuses a wrong code, and a number that is another account’s once its code proves it', async () => {
    const session = await signedIn()
    const typed = newNumber()
    const { ctx } = await proving(session, typed)
    const right = codeTo(e164(typed))
    const wrong = ((Number(right) + 1) % 1_000_000).toString().padStart(6, '0')
    expect(await confirmPhoneProof({ code: wrong, typedCode: wrong }, session, ctx)).toMatchObject({
      ok: false,
      state: { code: 'text_code_wrong', field: 'code' },
    })
    await db().user.create({ data: { email: `holder-${Math.random()}@example.com`, phone: e164(typed), phoneVerifiedAt: new Date() } })
    expect(await confirmPhoneProof({ code: right }, session, ctx)).toMatchObject({ ok: false, state: { code: 'phone_taken' } })
    expect((await rowsOf('phone_added', session.user.id)).map((row) => row.reason)).toEqual(['code_wrong', 'phone_taken'])
  })

  it('another person’s proof request does not add a number to this account', async () => {
    const [owner, other] = [await signedIn(), await signedIn()]
    const typed = newNumber()
    const { ctx } = await proving(owner, typed)
    expect(await confirmPhoneProof({ code: codeTo(e164(typed)) }, other, ctx)).toMatchObject({ ok: false, state: { code: 'request_gone' } })
    expect(await db().user.findUniqueOrThrow({ where: { id: other.user.id }, select: { phone: true } })).toEqual({ phone: null })
  })

  it('says when the provider refuses the text, and the request cannot be used', async () => {
    const session = await signedIn()
    const typed = newNumber()
    await fetch(`${twilio.url}/__fail`, { method: 'POST', body: JSON.stringify({ status: 500, to: e164(typed) }) })
    const { sent } = await proving(session, typed)
    expect(sent).toMatchObject({ ok: false, state: { code: 'sms_send_failed', field: 'phone' } })
    // Unusable as a number that gets no text is: its code hash matches nothing, its status says nothing new.
    expect(await db().smsChallenge.findFirstOrThrow({ where: { phone: e164(typed) }, select: { status: true, attempts: true } })).toEqual({
      status: 'pending',
      attempts: 0,
    })
    expect(await rowsOf('sms_failed', session.user.id)).toEqual([{ result: 'failure', reason: 'sms_provider_error' }])
  })
})

describe('the limits of proving a number', () => {
  it('another account proving the same number neither ends nor locks the owner’s proof', async () => {
    const [owner, other] = [await signedIn(), await signedIn()]
    const typed = newNumber()
    const mine = await proving(owner, typed)
    const myCode = codeTo(e164(typed))
    // The other account asks for the number and types 20 wrong codes, asking again after each lock of 5 tries.
    for (let round = 0; round < 4; round++) {
      const theirs = await proving(other, typed)
      for (let guess = 0; guess < 5; guess++) await confirmPhoneProof({ code: '000000' }, other, theirs.ctx)
    }
    expect(await confirmPhoneProof({ code: myCode }, owner, mine.ctx)).toMatchObject({ ok: true })
  })

  it('texts at most five numbers a day for one account', async () => {
    const session = await signedIn()
    for (let sent = 0; sent < 5; sent++) expect((await proving(session, newNumber())).sent).toEqual({ ok: true })
    expect((await proving(session, newNumber())).sent).toMatchObject({ ok: false, state: { code: 'rate_limited_text', field: 'phone' } })
  })
})

describe('removePhone', () => {
  it('removes the number, ends texted sign-in requests to it, and records it once', async () => {
    const session = await signedIn()
    const phone = e164(newNumber())
    await db().user.update({ where: { id: session.user.id }, data: { phone, phoneVerifiedAt: new Date() } })
    await db().smsChallenge.create({
      data: {
        id: `c-${Math.random()}`,
        purpose: 'sign_in',
        phone,
        userId: session.user.id,
        codeHash: 'x',
        texted: true,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 600_000),
      },
    })
    const ctx = testContext()
    expect(await removePhone(session, ctx)).toEqual({ removed: true })
    expect(await removePhone(session, testContext())).toEqual({ removed: false })
    expect(await db().smsChallenge.findFirstOrThrow({ where: { phone }, select: { status: true } })).toEqual({ status: 'superseded' })
    expect(await rowsOf('phone_removed', session.user.id)).toEqual([{ result: 'success', reason: null }])
    expect(ctx.pending).toHaveLength(1)
  })
})
