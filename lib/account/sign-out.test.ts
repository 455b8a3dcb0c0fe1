import { describe, expect, it } from 'vitest'
import { MemoryCookieJar, TEST_REQUEST, testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { PrismaOidcAdapter } from '../oidc/adapter'
import { OIDC_SESSION_COOKIE } from '../oidc/provider'
import { signOut } from './sign-out'

const unique = () => Math.random().toString(36).slice(2, 10)

async function signedInBrowser() {
  const user = await db().user.create({ data: { email: `sign-out-${unique()}@example.com` }, select: { id: true } })
  const { secret, sessionId } = await issueSession(user.id, 'passkey', TEST_REQUEST)
  return { userId: user.id, sessionId, session: { user: { id: user.id }, sessionId }, cookies: new MemoryCookieJar({ [sessionCookie().name]: secret }) }
}

/** An app session of a browser (the provider's own Session row) with a grant for one app; no logout token is due (no sid). */
async function appSession(userId: string) {
  const id = `app-session-${unique()}`
  const grantId = `grant-${unique()}`
  await new PrismaOidcAdapter('Session').upsert(id, { accountId: userId, authorizations: { app_x: { grantId } } }, 3600)
  await new PrismaOidcAdapter('Grant').upsert(grantId, { accountId: userId, clientId: 'app_x' }, 3600)
  return id
}

const signOutRows = (userId: string) =>
  db().auditEvent.findMany({ where: { userId, type: 'sign_out' }, select: { result: true, sessionId: true, ipAddress: true } })

describe('signOut', () => {
  it('ends this browser’s session, its cookie and the apps signed in to from it, and records the sign-out', async () => {
    const { userId, sessionId, session, cookies } = await signedInBrowser()
    const here = await appSession(userId)
    const elsewhere = await appSession(userId)
    cookies.set(OIDC_SESSION_COOKIE, here)
    await signOut(session, testContext({ cookies }))

    expect(await db().session.count({ where: { id: sessionId } })).toBe(0)
    expect(cookies.has(sessionCookie().name)).toBe(false)
    const left = await db().oidcPayload.findMany({ where: { accountId: userId, model: 'Session' }, select: { id: true } })
    expect(left).toEqual([{ id: elsewhere }])
    expect(await signOutRows(userId)).toEqual([{ result: 'success', sessionId, ipAddress: TEST_REQUEST.ipAddress }])
  })

  it('clears the cookie of a session that already ended, with nothing to record', async () => {
    const { userId, sessionId, cookies } = await signedInBrowser()
    await db().session.delete({ where: { id: sessionId } })
    await signOut(null, testContext({ cookies }))
    expect(cookies.has(sessionCookie().name)).toBe(false)
    expect(await signOutRows(userId)).toEqual([])
  })

  it('does nothing for a browser without a session cookie', async () => {
    const cookies = new MemoryCookieJar()
    await signOut(null, testContext({ cookies }))
    expect(cookies.values.size).toBe(0)
  })
})
