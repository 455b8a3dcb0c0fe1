import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { db } from '../../db'
import { limitKey } from '../../limits/email-code-keys'
import { consume } from '../../limits/store'
import { sessionCookie } from '../session/cookie'
import { lastMethodCookie } from '../session/last-method'
import { createEmailChallenge } from './challenge'
import { signInRequestCookie } from './request-cookie'
import { requestSignIn, resendCode, startOver, verifyCode } from './sign-in'

const SIGN_IN = signInRequestCookie().name
let browsers = 0

/** A browser of its own network, so one test's requests never meet another's per-network limits. */
function browser(cookies: Record<string, string> = {}) {
  browsers += 1
  return testContext({ request: { ipAddress: `198.51.100.${browsers}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' }, cookies })
}

const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

async function account(name = 'known', groupId?: string) {
  return db().user.create({ data: { email: address(name), emailVerifiedAt: new Date(), groupId }, select: { id: true, email: true } })
}

/** A sign-in request this browser made (its cookie set), with the code its email carries. */
async function requested(email: string, returnTo: string | null = '/account/passkeys') {
  const challenge = await createEmailChallenge({ email, returnTo, context: browser().request, policy: 'open' })
  return { challenge, ctx: browser({ [SIGN_IN]: challenge.browserSecret }) }
}

const rowsOf = (type: string, where: { userId?: string | null; ipAddress?: string | null } = {}) =>
  db().auditEvent.findMany({ where: { type, ...where }, select: { result: true, userId: true, method: true, reason: true }, orderBy: { createdAt: 'asc' } })

const wrong = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')

describe('requestSignIn', () => {
  it('answers a known and an unknown address alike: the same outcome and the same cookie, and both are emailed under open sign-up', async () => {
    const known = await account()
    const unknown = address('unknown')
    const answers = []
    for (const email of [known.email, unknown]) {
      const ctx = browser()
      const outcome = await requestSignIn({ email, returnTo: '/account', timeZone: 'UTC' }, ctx)
      const cookie = ctx.cookies.values.get(SIGN_IN)!
      answers.push({ outcome, name: [...ctx.cookies.values.keys()], options: cookie.options, secret: cookie.value.length, later: ctx.pending.length })
      expect(await db().mailboxMessage.count({ where: { to: email } })).toBe(1)
      expect(await rowsOf('sign_in_requested', { ipAddress: ctx.request.ipAddress })).toEqual([
        { result: 'success', userId: email === unknown ? null : known.id, method: 'email', reason: null },
      ])
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0]).toMatchObject({ outcome: { ok: true }, name: [SIGN_IN], options: { httpOnly: true, sameSite: 'lax', path: '/' }, later: 0 })
  })

  it('is refused past the send limit of the address, recorded, and sets no cookie', async () => {
    const { email } = await account()
    const ctx = browser()
    for (let sent = 0; sent < 5; sent++) expect(await requestSignIn({ email, returnTo: null, timeZone: 'UTC' }, browser())).toEqual({ ok: true })
    const outcome = await requestSignIn({ email, returnTo: null, timeZone: 'UTC' }, ctx)
    expect(outcome).toMatchObject({ ok: false, state: { code: 'rate_limited_send', field: 'email', values: { email }, retryAt: expect.any(String) } })
    expect(ctx.cookies.values.size).toBe(0)
    expect(await rowsOf('sign_in_requested', { ipAddress: ctx.request.ipAddress })).toEqual([
      { result: 'failure', userId: null, method: 'email', reason: 'rate_limited' },
    ])
  })
})

describe('resendCode', () => {
  it('sends a new request for the same address once the cooldown is over, which ends the old one', async () => {
    const { email } = await account()
    const { challenge, ctx } = await requested(email)
    expect(await resendCode({ timeZone: 'UTC' }, ctx)).toMatchObject({ ok: false, state: { code: 'resend_cooldown', retryAt: expect.any(String) } })
    expect(ctx.cookies.values.get(SIGN_IN)!.value).toBe(challenge.browserSecret)

    await db().emailChallenge.update({ where: { id: challenge.challengeId }, data: { createdAt: new Date(Date.now() - 31_000) } })
    expect(await resendCode({ timeZone: 'UTC' }, ctx)).toEqual({ ok: true })
    expect(ctx.cookies.values.get(SIGN_IN)!.value).not.toBe(challenge.browserSecret)
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId }, select: { status: true } })).toEqual({ status: 'superseded' })
    const newest = await db().emailChallenge.findFirstOrThrow({ where: { email, status: 'pending' }, select: { returnTo: true } })
    expect(newest.returnTo).toBe('/account/passkeys')
  })

  it('sends a browser without a request back to the start', async () => {
    expect(await resendCode({ timeZone: 'UTC' }, browser())).toEqual({ ok: false, reason: 'request_gone' })
    expect(await resendCode({ timeZone: 'UTC' }, browser({ [SIGN_IN]: 'not-a-request' }))).toEqual({ ok: false, reason: 'request_gone' })
  })
})

describe('verifyCode', () => {
  it('signs the browser in with the right code: the session cookie, the request cookie gone, the sign-in recorded', async () => {
    const user = await account()
    const { challenge, ctx } = await requested(user.email)
    expect(await verifyCode({ code: challenge.code }, ctx)).toEqual({ ok: true, redirectTo: '/account/passkeys' })
    expect(ctx.cookies.values.has(sessionCookie().name)).toBe(true)
    expect(ctx.cookies.values.has(SIGN_IN)).toBe(false)
    expect(ctx.cookies.get(lastMethodCookie().name)?.value).toBe('email')
    expect(await rowsOf('sign_in', { userId: user.id })).toEqual([{ result: 'success', userId: user.id, method: 'email_code', reason: null }])
    // A browser new to the account: the new-sign-in notice and the passkey nudge go after the response.
    expect(ctx.pending).toHaveLength(2)
  })

  it('refuses a wrong code, keeps it in the field, records it and counts it toward the address’s lock', async () => {
    const user = await account()
    const { challenge, ctx } = await requested(user.email)
    const outcome = await verifyCode({ code: wrong(challenge.code), typedCode: ` ${wrong(challenge.code)}` }, ctx)
    expect(outcome).toMatchObject({ ok: false, state: { code: 'code_wrong', field: 'code', values: { code: ` ${wrong(challenge.code)}` } } })
    expect(ctx.cookies.values.has(sessionCookie().name)).toBe(false)
    expect(await rowsOf('sign_in', { userId: user.id })).toEqual([{ result: 'failure', userId: user.id, method: 'email_code', reason: 'code_wrong' }])
    // The 19 wrong codes left before the lock.
    expect((await consume('codeFailuresPerAccount', limitKey('sign_in', 'new', user.email))).remaining).toBe(18)
  })

  it('locks the address at the 20th wrong code of the hour, and records the lock', async () => {
    const user = await account()
    await consume('codeFailuresPerAccount', limitKey('sign_in', 'new', user.email), 19)
    const { challenge, ctx } = await requested(user.email)
    expect(await verifyCode({ code: wrong(challenge.code) }, ctx)).toMatchObject({
      ok: false,
      state: { code: 'account_locked', field: 'code', retryAt: expect.any(String) },
    })
    expect((await rowsOf('sign_in', { userId: user.id })).map((row) => row.reason)).toEqual(['code_wrong', 'account_locked'])
    // The lock burns the address's open requests from new browsers: the right code no longer works either.
    expect(await verifyCode({ code: challenge.code }, ctx)).toMatchObject({ ok: false, state: { code: 'account_locked' } })
  })

  it('pauses email sign-in from new browsers at the 100th wrong code in a row, and tells the person after the response', async () => {
    const user = await account()
    await consume('codeFailureStreak', limitKey('sign_in', 'new', user.email), 99)
    const { challenge, ctx } = await requested(user.email)
    expect(await verifyCode({ code: wrong(challenge.code) }, ctx)).toMatchObject({ ok: false, state: { code: 'email_sign_in_paused', field: 'code' } })
    expect(await rowsOf('email_sign_in_paused', { userId: user.id })).toEqual([
      { result: 'success', userId: user.id, method: 'email_code', reason: 'email_capped' },
    ])
    expect(ctx.pending).toHaveLength(1)
  })

  it('refuses a right code when the account’s group does not sign in with codes', async () => {
    const group = await db().group.create({ data: { name: `links-${Math.random()}`, policy: JSON.stringify({ methods: ['passkey', 'email_link'] }) } })
    const user = await account('links', group.id)
    const { challenge, ctx } = await requested(user.email)
    expect(await verifyCode({ code: challenge.code }, ctx)).toMatchObject({ ok: false, state: { code: 'method_code_not_allowed', field: 'code' } })
    expect(ctx.cookies.values.has(sessionCookie().name)).toBe(false)
    expect(await rowsOf('sign_in', { userId: user.id })).toEqual([
      { result: 'failure', userId: user.id, method: 'email_code', reason: 'method_code_not_allowed' },
    ])
  })

  it('says the request is gone to a browser that has none, and records nothing', async () => {
    const ctx = browser()
    expect(await verifyCode({ code: '123456' }, ctx)).toMatchObject({ ok: false, state: { code: 'request_gone', field: 'code' } })
    expect(await db().auditEvent.count({ where: { ipAddress: ctx.request.ipAddress } })).toBe(0)
  })
})

describe('startOver', () => {
  it('forgets this browser’s request and keeps where to go after signing in', async () => {
    const { ctx } = await requested(address('over'), '/account/security')
    expect(await startOver(ctx)).toEqual({ returnTo: '/account/security' })
    expect(ctx.cookies.values.has(SIGN_IN)).toBe(false)
    expect(await startOver(browser())).toEqual({ returnTo: null })
  })
})
