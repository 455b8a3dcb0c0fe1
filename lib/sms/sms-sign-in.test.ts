import { afterAll, describe, expect, it } from 'vitest'
import { startTwilioServer } from '../../e2e/support/twilio-server'

// Read by lib/env on first use, which comes after this: the real Twilio SDK against a loopback stand-in.
const ACCOUNT = `AC${'1'.repeat(32)}`
const twilio = await startTwilioServer(0, { accountSid: ACCOUNT, authToken: 'test-token' })
Object.assign(process.env, {
  TWILIO_ACCOUNT_SID: ACCOUNT,
  TWILIO_AUTH_TOKEN: 'test-token',
  TWILIO_BASE_URL: twilio.url,
  SMS_FROM: '+15005550006',
  SMS_COUNTRIES: 'GB,IE',
})

const { db } = await import('../db')
const { testContext } = await import('../../testing/use-case')
const { consume } = await import('../limits/store')
const { emailKey } = await import('../limits/store')
const { knownBrowsersCookie, rememberBrowser } = await import('../auth/session/known-browsers')
const { sessionCookie } = await import('../auth/session/cookie')
const { textRequestCookie } = await import('./challenge')
const { requestTextSignIn, resendTextSignIn, verifyTextSignIn } = await import('./sign-in')

afterAll(() => twilio.close())

const SMS = textRequestCookie('sign_in').name
let browsers = 0
let numbers = 0

/** A browser of its own network, so one test's requests never meet another's per-network limits. */
function browser(cookies: Record<string, string> = {}) {
  browsers += 1
  return testContext({ request: { ipAddress: `198.51.100.${browsers}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' }, cookies })
}

/** A fresh UK mobile number, as its owner would type it. */
const newNumber = () => `+44 7400 ${String(100_000 + ++numbers * 7 + Math.floor(Math.random() * 1000) * 1000).slice(-6)}`
const e164 = (typed: string) => typed.replace(/\s/g, '')

async function group(purposes: string[]) {
  return db().group.create({ data: { name: `sms-${Math.random()}`, policy: JSON.stringify({ sms: { purposes } }) }, select: { id: true } })
}

/** A person with a verified number, in a group whose policy lists `purposes` (or in `groupId`), with `role`. */
async function person(options: { purposes?: string[]; groupId?: string; role?: 'user' | 'helpdesk' | 'admin' } = {}) {
  const groupId = options.groupId ?? (await group(options.purposes ?? ['sign_in'])).id
  const typed = newNumber()
  const user = await db().user.create({
    data: {
      email: `sms-${Math.random().toString(36).slice(2)}@example.com`,
      groupId,
      role: options.role ?? 'user',
      phone: e164(typed),
      phoneVerifiedAt: new Date(),
    },
    select: { id: true, email: true },
  })
  return { ...user, typed, phone: e164(typed) }
}

const rowsOf = (type: string, where: { userId?: string | null; ipAddress?: string | null } = {}) =>
  db().auditEvent.findMany({ where: { type, ...where }, select: { result: true, userId: true, method: true, reason: true }, orderBy: { createdAt: 'asc' } })

const textsTo = (phone: string) => twilio.captured.filter((text) => text.to === phone)
const codeIn = (phone: string) => /^(\d{6}) /.exec(textsTo(phone).at(-1)!.body)![1]!
const wrong = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')

/** Asks for a code in a new browser and lets the text go, as the response would. */
async function asked(phone: string, cookies: Record<string, string> = {}) {
  const ctx = browser(cookies)
  const outcome = await requestTextSignIn({ phone, returnTo: '/account/passkeys' }, ctx)
  await ctx.runLater()
  return { ctx, outcome, next: browser({ ...cookies, [SMS]: ctx.cookies.get(SMS)?.value ?? '' }) }
}

describe('requestTextSignIn', () => {
  it('answers every valid number alike, and texts only a number whose group allows sign-in by text', async () => {
    const allowed = await person()
    const notAllowed = await person({ purposes: [] })
    const admin = await person({ role: 'admin' })
    const helpdesk = await person({ role: 'helpdesk' })
    const breakGlass = await person({ groupId: 'break-glass' })
    const unknown = newNumber()
    const answers = []
    for (const typed of [allowed.typed, notAllowed.typed, admin.typed, helpdesk.typed, breakGlass.typed, unknown]) {
      const ctx = browser()
      const outcome = await requestTextSignIn({ phone: typed, returnTo: null }, ctx)
      const cookie = ctx.cookies.values.get(SMS)!
      answers.push({ outcome, names: [...ctx.cookies.values.keys()], options: cookie.options, secret: cookie.value.length, later: ctx.pending.length })
      await ctx.runLater()
    }
    expect(new Set(answers.map((answer) => JSON.stringify({ ...answer, later: undefined }))).size).toBe(1)
    expect(answers[0]).toMatchObject({ outcome: { ok: true }, names: [SMS], options: { httpOnly: true, sameSite: 'lax', path: '/' } })
    expect(textsTo(allowed.phone)).toHaveLength(1)
    for (const other of [notAllowed.phone, admin.phone, helpdesk.phone, breakGlass.phone, e164(unknown)]) {
      expect(textsTo(other)).toEqual([])
      // Stored as a number without an account, so no later answer tells them apart.
      expect(await db().smsChallenge.findFirstOrThrow({ where: { phone: other }, select: { userId: true, texted: true } })).toEqual({
        userId: null,
        texted: false,
      })
    }
    // The code first, and the WebOTP line that binds it to the portal's own origin.
    expect(textsTo(allowed.phone)[0]).toMatchObject({
      from: '+15005550006',
      account: ACCOUNT,
      body: expect.stringMatching(/^\d{6} is your .+\n\n@localhost:3000 #\d{6}$/),
    })
  })

  it('says a number it cannot text is not usable, before any account is looked at', async () => {
    for (const [typed, code] of [
      ['12', 'phone_invalid'],
      ['+44 20 7946 0958', 'phone_not_mobile'],
      ['+1 900 555 0100', 'phone_not_mobile'],
      ['+1 415 555 0123', 'phone_country'],
      ['+49 1512 3456789', 'phone_country'],
      ['+44 7400 123456 ext 5', 'phone_invalid'],
    ] as const) {
      const ctx = browser()
      expect(await requestTextSignIn({ phone: typed, returnTo: null }, ctx)).toMatchObject({
        ok: false,
        state: { code, field: 'phone', values: { phone: typed } },
      })
      expect(ctx.cookies.values.size).toBe(0)
    }
  })

  it('stops at three texts to a number in 15 minutes, whoever holds it, and records the refusal', async () => {
    const { typed, phone } = await person()
    for (let sent = 0; sent < 3; sent++) expect((await asked(typed)).outcome).toEqual({ ok: true })
    const { ctx, outcome } = await asked(typed)
    expect(outcome).toMatchObject({ ok: false, state: { code: 'rate_limited_text', field: 'phone', retryAt: expect.any(String) } })
    expect(textsTo(phone)).toHaveLength(3)
    expect(await rowsOf('sign_in_requested', { ipAddress: ctx.request.ipAddress })).toEqual([
      { result: 'failure', userId: null, method: 'sms', reason: 'rate_limited' },
    ])
    // An unknown number gets the same answer at the same count.
    const unknown = newNumber()
    for (let sent = 0; sent < 3; sent++) await asked(unknown)
    expect((await asked(unknown)).outcome).toMatchObject({ ok: false, state: { code: 'rate_limited_text' } })
  })

  it('sends a new code only after a minute, and the old one stops working', async () => {
    const { typed, phone } = await person()
    const { next } = await asked(typed)
    const first = codeIn(phone)
    expect(await resendTextSignIn(next)).toMatchObject({ ok: false, state: { code: 'resend_cooldown' } })
    await db().smsChallenge.updateMany({ where: { phone }, data: { createdAt: new Date(Date.now() - 61_000) } })
    expect(await resendTextSignIn(next)).toEqual({ ok: true })
    await next.runLater()
    expect(codeIn(phone)).not.toBe(undefined)
    expect(await verifyTextSignIn({ code: first }, browser({ [SMS]: next.cookies.get(SMS)!.value }))).toMatchObject({ ok: false })
  })
})

describe('verifyTextSignIn', () => {
  it('signs the browser in with the texted code and records the method', async () => {
    const user = await person()
    const { next } = await asked(user.typed)
    expect(await verifyTextSignIn({ code: codeIn(user.phone) }, next)).toEqual({ ok: true, redirectTo: '/account/passkeys' })
    expect(next.cookies.values.has(sessionCookie().name)).toBe(true)
    expect(next.cookies.values.has(SMS)).toBe(false)
    expect(await rowsOf('sign_in', { userId: user.id })).toEqual([{ result: 'success', userId: user.id, method: 'sms_code', reason: null }])
    const session = await db().session.findFirstOrThrow({ where: { userId: user.id }, select: { method: true } })
    expect(session.method).toBe('sms_code')
    // Used once.
    expect(await verifyTextSignIn({ code: codeIn(user.phone) }, browser({ [SMS]: next.cookies.get(SMS)?.value ?? 'x' }))).toMatchObject({ ok: false })
  })

  it('refuses a wrong code, keeps it in the field and counts it toward the number’s lock', async () => {
    const user = await person()
    const { next } = await asked(user.typed)
    const outcome = await verifyTextSignIn({ code: wrong(codeIn(user.phone)), typedCode: wrong(codeIn(user.phone)) }, next)
    expect(outcome).toMatchObject({ ok: false, state: { code: 'text_code_wrong', field: 'code', values: { code: wrong(codeIn(user.phone)) } } })
    expect(await rowsOf('sign_in', { userId: user.id })).toEqual([{ result: 'failure', userId: user.id, method: 'sms_code', reason: 'code_wrong' }])
    expect((await consume('codeFailuresPerAccount', `sms_sign_in:new:${emailKey(user.phone)}`)).remaining).toBe(18)
  })

  it('locks the number for new browsers at the 20th wrong code of the hour, while the owner’s known browser still signs in', async () => {
    const user = await person()
    await consume('codeFailuresPerAccount', `sms_sign_in:new:${emailKey(user.phone)}`, 19)
    const { next } = await asked(user.typed)
    const code = codeIn(user.phone)
    expect(await verifyTextSignIn({ code: wrong(code) }, next)).toMatchObject({ ok: false, state: { code: 'text_locked', retryAt: expect.any(String) } })
    expect(await verifyTextSignIn({ code }, next)).toMatchObject({ ok: false, state: { code: 'text_locked' } })
    expect((await asked(user.typed)).outcome).toMatchObject({ ok: false, state: { code: 'text_locked' } })
    // Whoever only knows the number cannot lock its owner out: the owner's browser has counters of its own.
    const known = { [knownBrowsersCookie().name]: rememberBrowser(undefined, user.id).value }
    const owner = await asked(user.typed, known)
    expect(owner.outcome).toEqual({ ok: true })
    expect(await verifyTextSignIn({ code: codeIn(user.phone) }, owner.next)).toMatchObject({ ok: true })
  })

  it('pauses texts to the number at the 100th wrong code in a row from new browsers, until the account signs in another way', async () => {
    const user = await person()
    await consume('codeFailureStreak', `sms_sign_in:new:${emailKey(user.phone)}`, 99)
    const { next } = await asked(user.typed)
    expect(await verifyTextSignIn({ code: wrong(codeIn(user.phone)) }, next)).toMatchObject({ ok: false, state: { code: 'sms_sign_in_paused' } })
    expect(await rowsOf('sms_sign_in_paused', { userId: user.id })).toEqual([{ result: 'success', userId: user.id, method: 'sms_code', reason: 'sms_capped' }])
    // The owner is told by email, after the response.
    await next.runLater()
    expect(await db().mailboxMessage.count({ where: { to: user.email } })).toBe(1)
    expect((await asked(user.typed)).outcome).toMatchObject({ ok: false, state: { code: 'sms_sign_in_paused' } })
    await db().auditEvent.create({ data: { type: 'sign_in', result: 'success', userId: user.id, method: 'passkey', createdAt: new Date(Date.now() + 1000) } })
    expect((await asked(user.typed)).outcome).toEqual({ ok: true })
  })

  it('refuses a right code once the group stops allowing texts, or the person became staff', async () => {
    for (const change of ['policy', 'role'] as const) {
      const user = await person()
      const { next } = await asked(user.typed)
      if (change === 'policy')
        await db().group.update({ where: { id: (await db().user.findUniqueOrThrow({ where: { id: user.id } })).groupId }, data: { policy: '{}' } })
      else await db().user.update({ where: { id: user.id }, data: { role: 'admin' } })
      expect(await verifyTextSignIn({ code: codeIn(user.phone) }, next)).toMatchObject({ ok: false, state: { code: 'method_sms_not_allowed' } })
      expect(next.cookies.values.has(sessionCookie().name)).toBe(false)
    }
  })

  it('a code texted to a number the account no longer has does not sign in', async () => {
    const user = await person()
    const { next } = await asked(user.typed)
    await db().user.update({ where: { id: user.id }, data: { phone: null, phoneVerifiedAt: null } })
    expect(await verifyTextSignIn({ code: codeIn(user.phone) }, next)).toMatchObject({ ok: false, state: { code: 'request_gone' } })
  })

  it('a suspended account’s number is answered as an unknown one, at every step', async () => {
    const user = await person()
    await db().user.update({ where: { id: user.id }, data: { status: 'suspended' } })
    const { outcome, next } = await asked(user.typed)
    expect(outcome).toEqual({ ok: true })
    expect(textsTo(user.phone)).toEqual([])
    expect(await verifyTextSignIn({ code: '123456' }, next)).toMatchObject({ ok: false, state: { code: 'text_code_wrong' } })
  })

  it('an unknown number’s request never signs in, and its wrong codes count like any other', async () => {
    const unknown = newNumber()
    const { next } = await asked(unknown)
    expect(await verifyTextSignIn({ code: '123456' }, next)).toMatchObject({ ok: false, state: { code: 'text_code_wrong' } })
    expect((await consume('codeFailuresPerAccount', `sms_sign_in:new:${emailKey(e164(unknown))}`)).remaining).toBe(18)
  })
})
