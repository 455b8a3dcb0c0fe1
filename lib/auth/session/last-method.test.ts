import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { lastMethodCookie, lastMethodOf, parseLastMethod, rememberLastMethod } from './last-method'

describe('how this browser last signed in', () => {
  it('is a passkey or email, never how a recovery, an invitation or a demo press started a session', () => {
    expect(lastMethodOf('passkey')).toBe('passkey')
    expect(lastMethodOf('email_code')).toBe('email')
    expect(lastMethodOf('magic_link')).toBe('email')
    for (const method of ['recovery', 'recovered', 'invitation', 'demo', 'fixture'] as const) expect(lastMethodOf(method)).toBeNull()
  })

  it('keeps only the method in a long-lived HTTP-only cookie, and reads anything else as nothing', () => {
    const ctx = testContext()
    rememberLastMethod(ctx.cookies, 'magic_link')
    const cookie = ctx.cookies.values.get(lastMethodCookie().name)
    expect(cookie).toMatchObject({ value: 'email', options: { httpOnly: true, maxAge: 400 * 24 * 60 * 60 } })
    rememberLastMethod(ctx.cookies, 'recovered')
    expect(ctx.cookies.get(lastMethodCookie().name)?.value).toBe('email')
    expect(parseLastMethod('passkey')).toBe('passkey')
    for (const value of [undefined, '', 'Passkey', 'email_code', 'ada@example.com']) expect(parseLastMethod(value)).toBeNull()
  })
})
