import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { db } from '../../db'
import { signInRequestCookie } from './request-cookie'
import { requestSignIn } from './sign-in'

// Read once per process (each test file runs in its own): this file is a deployment where only invited people sign in.
process.env.SIGNUP_POLICY = 'invite-only'

const SIGN_IN = signInRequestCookie().name
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

describe('requestSignIn under invite-only sign-up', () => {
  it('answers at once and emails a known address after the response; an unknown address gets the same answer and no email', async () => {
    const known = await db().user.create({ data: { email: address('known'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
    const unknown = address('unknown')

    const knownBrowser = testContext({ request: { ipAddress: '198.51.100.1', userAgent: 'Chrome' } })
    expect(await requestSignIn({ email: known.email, returnTo: null, timeZone: 'UTC' }, knownBrowser)).toEqual({ ok: true })
    expect(knownBrowser.pending).toHaveLength(1)
    expect(await db().mailboxMessage.count({ where: { to: known.email } })).toBe(0)
    await knownBrowser.runLater()
    expect(await db().mailboxMessage.count({ where: { to: known.email } })).toBe(1)

    const unknownBrowser = testContext({ request: { ipAddress: '198.51.100.2', userAgent: 'Chrome' } })
    expect(await requestSignIn({ email: unknown, returnTo: null, timeZone: 'UTC' }, unknownBrowser)).toEqual({ ok: true })
    expect(unknownBrowser.pending).toHaveLength(0)
    expect(await db().mailboxMessage.count({ where: { to: unknown } })).toBe(0)

    const cookie = (ctx: typeof knownBrowser) => ({ ...ctx.cookies.values.get(SIGN_IN)!, value: ctx.cookies.values.get(SIGN_IN)!.value.length })
    expect(cookie(unknownBrowser)).toEqual(cookie(knownBrowser))
    // Recorded alike too, without saying which address has an account.
    const rows = await db().auditEvent.findMany({
      where: { type: 'sign_in_requested', ipAddress: { in: ['198.51.100.1', '198.51.100.2'] } },
      select: { result: true, reason: true },
    })
    expect(rows).toEqual([
      { result: 'success', reason: null },
      { result: 'success', reason: null },
    ])
  })
})
