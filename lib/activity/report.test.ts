import { describe, expect, it } from 'vitest'
import { TEST_REQUEST, testContext } from '../../testing/use-case'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { PrismaOidcAdapter } from '../oidc/adapter'
import { OIDC_SESSION_COOKIE } from '../oidc/provider'
import { reportActivity } from './report'

const unique = () => Math.random().toString(36).slice(2, 10)

/** A person signed in in `browsers` browsers (the first is the caller's), with one sign-in in their history. */
async function personWithSessions(browsers: number) {
  const user = await db().user.create({ data: { email: `reporter-${unique()}@example.com` }, select: { id: true } })
  const ids: string[] = []
  for (let n = 0; n < browsers; n++) ids.push((await issueSession(user.id, 'passkey', TEST_REQUEST)).sessionId)
  const event = await db().auditEvent.create({ data: { userId: user.id, type: 'sign_in', result: 'success', sessionId: ids.at(-1) }, select: { id: true } })
  return { userId: user.id, eventId: event.id, session: { user: { id: user.id }, sessionId: ids[0]! } }
}

/** An app session of a browser (the provider's own Session row) with a grant; no logout token is due (no sid). */
async function appSession(userId: string) {
  const id = `app-session-${unique()}`
  const grantId = `grant-${unique()}`
  await new PrismaOidcAdapter('Session').upsert(id, { accountId: userId, authorizations: { app_x: { grantId } } }, 3600)
  await new PrismaOidcAdapter('Grant').upsert(grantId, { accountId: userId, clientId: 'app_x' }, 3600)
  return { id, grantId }
}

describe('reportActivity', () => {
  it('signs out every other session and their apps, keeps this browser’s, and opens a report with its history row', async () => {
    const { userId, eventId, session } = await personWithSessions(3)
    const here = await appSession(userId)
    await appSession(userId)
    const ctx = testContext({ caller: session, cookies: { [OIDC_SESSION_COOKIE]: here.id } })

    expect(await reportActivity({ eventId }, session, ctx)).toEqual({ ok: true, signedOut: 2 })
    expect(await db().session.findMany({ where: { userId }, select: { id: true } })).toEqual([{ id: session.sessionId }])
    const appRows = await db().oidcPayload.findMany({ where: { accountId: userId }, select: { id: true } })
    expect(appRows.map((row) => row.id).sort()).toEqual([here.id, here.grantId].sort())
    const row = await db().auditEvent.findFirstOrThrow({
      where: { userId, type: 'activity_reported' },
      select: { id: true, sessionId: true, ipAddress: true, detail: true },
    })
    expect(row).toMatchObject({ sessionId: session.sessionId, ipAddress: TEST_REQUEST.ipAddress })
    expect(JSON.parse(row.detail!)).toMatchObject({ eventId, eventType: 'sign_in', signedOut: 2 })
    expect(await db().activityReport.findMany({ where: { userId }, select: { reportEventId: true } })).toEqual([{ reportEventId: row.id }])
  })

  it('finds no event of another person, and then ends nothing', async () => {
    const { userId, session } = await personWithSessions(2)
    const stranger = await personWithSessions(1)
    const ctx = testContext({ caller: session })
    expect(await reportActivity({ eventId: stranger.eventId }, session, ctx)).toEqual({ ok: false, reason: 'activity_not_found' })
    expect(await reportActivity({ eventId: 'no-such-event' }, session, ctx)).toEqual({ ok: false, reason: 'activity_not_found' })
    expect(await db().session.count({ where: { userId } })).toBe(2)
    expect(await db().activityReport.count({ where: { userId } })).toBe(0)
    expect(await db().auditEvent.count({ where: { userId, type: 'activity_reported' } })).toBe(0)
  })
})
