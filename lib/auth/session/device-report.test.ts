import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { db } from '../../db'
import { canCreatePasskey, createdOn, deviceCapabilities, deviceReportCookieName, readCapabilities } from './device-report'
import { createSession } from './start'

const SAFARI_ON_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'

describe("a device's report", () => {
  it('is four bits or nothing, and a passkey can be made with WebAuthn and a platform authenticator or a phone', () => {
    expect(deviceCapabilities('1101')).toBe('1101')
    for (const value of [undefined, '', '11', '11111', 'abcd', '1101; Path=/', '2101']) expect(deviceCapabilities(value)).toBeNull()
    expect(readCapabilities('1101')).toEqual({ webauthn: true, platform: true, autofill: false, hybrid: true })
    expect(canCreatePasskey(readCapabilities('1100')!)).toBe(true)
    expect(canCreatePasskey(readCapabilities('1001')!)).toBe(true)
    expect(canCreatePasskey(readCapabilities('1010')!)).toBe(false)
    expect(canCreatePasskey(readCapabilities('0111')!)).toBe(false)
  })

  it('names only families the parser knows: a made-up browser name stays unknown', () => {
    expect(createdOn(SAFARI_ON_IOS)).toEqual({ createdOs: 'iOS', createdBrowser: 'Safari' })
    expect(createdOn('PortalPhish/1.0 (Approve this sign-in)')).toEqual({ createdOs: null, createdBrowser: null })
    expect(createdOn(null)).toEqual({ createdOs: null, createdBrowser: null })
  })

  it("is stored with the session the next sign-in starts, with the families and nothing of the cookie's other text", async () => {
    const user = await db().user.create({ data: { email: `device-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    const reported = testContext({ request: { ipAddress: '192.0.2.80', userAgent: SAFARI_ON_IOS }, cookies: { [deviceReportCookieName()]: '1111' } })
    const { sessionId } = await createSession(user.id, 'passkey', reported)
    expect(await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { osFamily: true, browserFamily: true, capabilities: true } })).toEqual({
      osFamily: 'iOS',
      browserFamily: 'Safari',
      capabilities: '1111',
    })
    const forged = testContext({ request: { ipAddress: '192.0.2.81', userAgent: 'Evil/1.0' }, cookies: { [deviceReportCookieName()]: '1111<script>' } })
    const second = await createSession(user.id, 'email_code', forged)
    expect(
      await db().session.findUniqueOrThrow({ where: { id: second.sessionId }, select: { osFamily: true, browserFamily: true, capabilities: true } }),
    ).toEqual({
      osFamily: null,
      browserFamily: null,
      capabilities: null,
    })
  })
})
