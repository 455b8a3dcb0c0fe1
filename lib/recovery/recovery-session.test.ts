import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { RECOVERY_SESSION_SECONDS, hashSessionSecret, issueSession } from '../auth/session/store'
import { db } from '../db'
import { signOutOthersAfterRecovery, startRecoverySession } from './recovery-session'

const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

async function account() {
  return db().user.create({ data: { email: address('owner'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

describe('startRecoverySession', () => {
  it('signs this browser in with a 15-minute recovery session and tells the account’s addresses after the response', async () => {
    const user = await account()
    const ctx = testContext()
    const before = Date.now()
    await startRecoverySession(user.id, 'access_code', ctx)
    const secret = ctx.cookies.get(sessionCookie().name)!.value
    const session = await db().session.findUniqueOrThrow({ where: { id: hashSessionSecret(secret) }, select: { userId: true, method: true, expiresAt: true } })
    expect(session).toMatchObject({ userId: user.id, method: 'recovery' })
    expect(session.expiresAt.getTime() - before).toBeGreaterThanOrEqual(RECOVERY_SESSION_SECONDS * 1000)
    expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(RECOVERY_SESSION_SECONDS * 1000)
    const notices = { where: { to: user.email, subject: { startsWith: 'Your account is being recovered' } } }
    expect(await db().mailboxMessage.count(notices)).toBe(0)
    await ctx.runLater()
    expect((await db().mailboxMessage.findFirstOrThrow(notices)).text).toContain('one-time access code from your helpdesk')
  })
})

describe('signOutOthersAfterRecovery', () => {
  it('ends every other session of the account, keeps this one and other people’s, and records how many', async () => {
    const user = await account()
    const other = await account()
    const context = testContext().request
    const kept = await issueSession(user.id, 'recovery', context)
    await issueSession(user.id, 'passkey', context)
    await issueSession(user.id, 'email_code', context)
    await issueSession(other.id, 'passkey', context)
    const caller = { user: { id: user.id }, sessionId: kept.sessionId }
    expect(await signOutOthersAfterRecovery(caller, testContext({ caller }))).toEqual({ count: 2 })
    expect(await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: kept.sessionId }])
    expect(await db().session.count({ where: { userId: other.id } })).toBe(1)
    const row = await db().auditEvent.findFirstOrThrow({ where: { type: 'session_revoked', userId: user.id } })
    expect(row).toMatchObject({ result: 'success', sessionId: kept.sessionId })
    expect(JSON.parse(row.detail!)).toEqual({ count: 2, scope: 'others' })
  })
})
