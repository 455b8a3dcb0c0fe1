import { describe, expect, it } from 'vitest'
import { TEST_REQUEST, testContext } from '../../testing/use-case'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { PrismaOidcAdapter } from '../oidc/adapter'
import { OIDC_SESSION_COOKIE } from '../oidc/provider'
import { revokeAppAccess, revokeSession, signOutOtherSessions } from './sessions'

const unique = () => Math.random().toString(36).slice(2, 10)

/** A person signed in in `browsers` browsers; the first is the caller's. */
async function personWithSessions(browsers: number) {
  const user = await db().user.create({ data: { email: `sessions-${unique()}@example.com` }, select: { id: true } })
  const ids: string[] = []
  for (let n = 0; n < browsers; n++) ids.push((await issueSession(user.id, 'passkey', TEST_REQUEST)).sessionId)
  return { userId: user.id, sessionIds: ids, session: { user: { id: user.id }, sessionId: ids[0]! } }
}

/**
 * An app session of a browser (the provider's own Session row), holding a
 * grant for `clientId`. No back-channel logout is due: the authorization has no sid.
 */
async function appSession(userId: string, clientId: string) {
  const id = `app-session-${unique()}`
  const grantId = `grant-${unique()}`
  await new PrismaOidcAdapter('Session').upsert(id, { accountId: userId, authorizations: { [clientId]: { grantId } } }, 3600)
  await new PrismaOidcAdapter('Grant').upsert(grantId, { accountId: userId, clientId }, 3600)
  await new PrismaOidcAdapter('RefreshToken').upsert(`token-${grantId}`, { accountId: userId, clientId, grantId }, 3600)
  return { id, grantId }
}

const appRowsOf = async (userId: string) =>
  (await db().oidcPayload.findMany({ where: { accountId: userId }, select: { id: true } })).map((row) => row.id).sort()
const sessionsOf = async (userId: string) => (await db().session.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id).sort()
const revokedRows = (userId: string) => db().auditEvent.findMany({ where: { userId, type: 'session_revoked' }, select: { sessionId: true, detail: true } })

describe('revokeSession', () => {
  it('ends one other session of the person, the app session that browser used, and records it', async () => {
    const { userId, sessionIds, session } = await personWithSessions(3)
    const [, other, third] = sessionIds
    const there = await appSession(userId, 'app_there')
    const here = await appSession(userId, 'app_here')
    await db().session.update({ where: { id: other }, data: { appSessionId: there.id } })

    expect(await revokeSession({ sessionId: other! }, session, testContext({ caller: session }))).toEqual({ ok: true })
    expect(await sessionsOf(userId)).toEqual([session.sessionId, third].sort())
    expect(await appRowsOf(userId)).toEqual([here.id, here.grantId, `token-${here.grantId}`].sort())
    expect(await revokedRows(userId)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ revoked: other }) }])
  })

  it('finds no session of another person, and does not end this browser’s own', async () => {
    const { userId, session } = await personWithSessions(1)
    const stranger = await personWithSessions(1)
    const ctx = testContext({ caller: session })
    expect(await revokeSession({ sessionId: stranger.sessionIds[0]! }, session, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(await sessionsOf(stranger.userId)).toEqual(stranger.sessionIds)
    expect(await revokeSession({ sessionId: session.sessionId }, session, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(await revokeSession({ sessionId: 'no-such-session' }, session, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(await sessionsOf(userId)).toEqual([session.sessionId])
    expect(await revokedRows(userId)).toEqual([])
  })
})

describe('signOutOtherSessions', () => {
  it('ends every other session and their apps, keeps this browser and its app session, and records how many', async () => {
    const { userId, session } = await personWithSessions(3)
    const stranger = await personWithSessions(2)
    const here = await appSession(userId, 'app_here')
    await appSession(userId, 'app_there')
    const ctx = testContext({ caller: session, cookies: { [OIDC_SESSION_COOKIE]: here.id } })

    expect(await signOutOtherSessions(session, ctx)).toEqual({ ok: true, signedOut: 2 })
    expect(await sessionsOf(userId)).toEqual([session.sessionId])
    expect(await sessionsOf(stranger.userId)).toEqual(stranger.sessionIds.sort())
    expect(await appRowsOf(userId)).toEqual([here.id, here.grantId, `token-${here.grantId}`].sort())
    expect(await revokedRows(userId)).toEqual([{ sessionId: session.sessionId, detail: JSON.stringify({ count: 2, scope: 'others' }) }])
  })
})

describe('revokeAppAccess', () => {
  it('ends the app’s grants and tokens, leaves other apps and people alone, and records the app by id and name', async () => {
    const { userId, session } = await personWithSessions(1)
    const clientId = `app_${unique()}`
    await db().oidcApp.create({
      data: { id: clientId, name: 'Expenses', redirectUris: '[]', clientType: 'public', createdAt: new Date(), createdBy: 'admin@example.com' },
    })
    const revoked = await appSession(userId, clientId)
    const kept = await appSession(userId, 'app_other')
    const stranger = await personWithSessions(1)
    const theirs = await appSession(stranger.userId, clientId)

    expect(await revokeAppAccess({ clientId }, session, testContext({ caller: session }))).toEqual({ ok: true, app: 'Expenses' })
    expect(await appRowsOf(userId)).toEqual([revoked.id, kept.id, kept.grantId, `token-${kept.grantId}`].sort())
    expect(await appRowsOf(stranger.userId)).toEqual([theirs.id, theirs.grantId, `token-${theirs.grantId}`].sort())
    const rows = await db().auditEvent.findMany({ where: { userId, type: 'app_access_revoked' }, select: { result: true, sessionId: true, detail: true } })
    expect(rows).toEqual([{ result: 'success', sessionId: session.sessionId, detail: JSON.stringify({ clientId, app: 'Expenses' }) }])
  })

  it('answers not found, and records nothing, for an app without access', async () => {
    const { userId, session } = await personWithSessions(1)
    expect(await revokeAppAccess({ clientId: 'app_never_used' }, session, testContext({ caller: session }))).toEqual({ ok: false, reason: 'not_found' })
    expect(await db().auditEvent.count({ where: { userId, type: 'app_access_revoked' } })).toBe(0)
  })
})
