import { beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../db'
import { countStatements } from '../../../testing/query-count'
import { findActiveSession, hashSessionSecret, issueSession, recordAppSession, revokeSession, touchSession } from './store'

const DAY = 86_400_000
const context = { ipAddress: '203.0.113.7', userAgent: 'vitest' }
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)

let userId: string

beforeEach(async () => {
  const user = await db().user.create({ data: { email: `user-${Math.random().toString(36).slice(2)}@example.com` } })
  userId = user.id
})

describe('sessions', () => {
  it('stores only a hash of the 256-bit secret', async () => {
    const issued = await issueSession(userId, 'fixture', context)
    expect(Buffer.from(issued.secret, 'base64url')).toHaveLength(32)
    const rows = await db().session.findMany({ where: { userId } })
    expect(rows.map((row) => row.id)).toEqual([hashSessionSecret(issued.secret)])
    expect(JSON.stringify(rows)).not.toContain(issued.secret)
  })

  it('gives every sign-in a new session id', async () => {
    const first = await issueSession(userId, 'fixture', context)
    const second = await issueSession(userId, 'fixture', context)
    expect(first.sessionId).not.toBe(second.sessionId)
  })

  it('checks a session with one SQL statement', async () => {
    const issued = await issueSession(userId, 'fixture', context)
    const { result, statements } = await countStatements(() => findActiveSession(issued.secret))
    expect(result?.user.id).toBe(userId)
    expect(statements).toBe(1)
  })

  it('ends a session after 7 idle days', async () => {
    const start = new Date('2026-01-01T00:00:00Z')
    const issued = await issueSession(userId, 'fixture', context, start)
    expect(await findActiveSession(issued.secret, at(start, 7 * DAY - 1000))).not.toBeNull()
    expect(await findActiveSession(issued.secret, at(start, 7 * DAY + 1000))).toBeNull()
  })

  it('restarts the idle timer on activity, at most once a minute', async () => {
    const start = new Date('2026-01-01T00:00:00Z')
    const issued = await issueSession(userId, 'fixture', context, start)
    await touchSession(issued.secret, at(start, 30_000))
    expect((await db().session.findFirstOrThrow({ where: { userId } })).lastSeenAt).toEqual(start)
    await touchSession(issued.secret, at(start, 6 * DAY))
    expect(await findActiveSession(issued.secret, at(start, 12 * DAY))).not.toBeNull()
    expect(await findActiveSession(issued.secret, at(start, 13 * DAY + 1000))).toBeNull()
  })

  it('ends a session after 30 days however active it is', async () => {
    const start = new Date('2026-01-01T00:00:00Z')
    const issued = await issueSession(userId, 'fixture', context, start)
    for (let day = 5; day < 30; day += 5) await touchSession(issued.secret, at(start, day * DAY))
    expect(await findActiveSession(issued.secret, at(start, 30 * DAY - 1000))).not.toBeNull()
    expect(await findActiveSession(issued.secret, at(start, 30 * DAY + 1000))).toBeNull()
  })

  it('signs out a revoked session and a suspended user', async () => {
    const issued = await issueSession(userId, 'fixture', context)
    const other = await issueSession(userId, 'fixture', context)
    expect(await revokeSession('someone-else', issued.sessionId)).toBeNull()
    expect(await revokeSession(userId, issued.sessionId)).toEqual({ appSessionId: null })
    expect(await findActiveSession(issued.secret)).toBeNull()
    expect(await findActiveSession(other.secret)).not.toBeNull()
    await db().user.update({ where: { id: userId }, data: { status: 'suspended' } })
    expect(await findActiveSession(other.secret)).toBeNull()
  })

  it('remembers the app sign-in session a browser used, writing only when it changes, and hands it over when revoked', async () => {
    const issued = await issueSession(userId, 'fixture', context)
    const session = (await findActiveSession(issued.secret))!
    expect(session.appSessionId).toBeNull()
    expect((await countStatements(() => recordAppSession(session, 'provider-session-1'))).statements).toBe(1)
    const recorded = (await findActiveSession(issued.secret))!
    expect(recorded.appSessionId).toBe('provider-session-1')
    expect((await countStatements(() => recordAppSession(recorded, 'provider-session-1'))).statements).toBe(0)
    expect(await revokeSession(userId, issued.sessionId)).toEqual({ appSessionId: 'provider-session-1' })
  })

  it('treats unknown and oversized secrets as signed out', async () => {
    expect(await findActiveSession('not-a-session')).toBeNull()
    expect(await findActiveSession('')).toBeNull()
    expect(await findActiveSession('x'.repeat(10_000))).toBeNull()
  })
})
