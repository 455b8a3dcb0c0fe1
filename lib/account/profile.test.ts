import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import type { CurrentSession } from '../auth/dal'
import { db } from '../db'
import { DEFAULT_POLICY } from '../policy/schema'
import { setNewSignInNotices, updateDisplayName } from './profile'

const ELEVEN_MINUTES = 11 * 60_000

async function signedIn(verifiedAt = new Date()): Promise<CurrentSession> {
  const email = `profile-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email }, select: { id: true, email: true, displayName: true, role: true, locale: true, timeZone: true } })
  return {
    sessionId: `session-${user.id}`,
    method: 'passkey',
    signedInAt: verifiedAt,
    verifiedAt,
    verifiedMethod: 'passkey',
    verifiedFor: null,
    user,
    policy: DEFAULT_POLICY,
    hasPasskey: true,
  }
}

const rowsOf = (userId: string, type: 'profile_updated' | 'notice_settings_changed') =>
  db().auditEvent.findMany({ where: { userId, type }, select: { result: true, sessionId: true, detail: true }, orderBy: { createdAt: 'asc' } })

const noticesOn = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { newSignInNotices: true } })).newSignInNotices

describe('updateDisplayName', () => {
  it('sets and clears the name, recording what it was and what it became', async () => {
    const session = await signedIn()
    const ctx = testContext({ caller: session })
    expect(await updateDisplayName({ displayName: 'Ada Lovelace' }, session, ctx)).toEqual({ ok: true, displayName: 'Ada Lovelace' })
    expect(await db().user.findUniqueOrThrow({ where: { id: session.user.id }, select: { displayName: true, nameKey: true } })).toEqual({
      displayName: 'Ada Lovelace',
      nameKey: 'ada lovelace',
    })
    expect(await updateDisplayName({ displayName: null }, session, ctx)).toEqual({ ok: true, displayName: null })
    expect(await db().user.findUniqueOrThrow({ where: { id: session.user.id }, select: { displayName: true, nameKey: true } })).toEqual({
      displayName: null,
      nameKey: null,
    })
    expect((await rowsOf(session.user.id, 'profile_updated')).map((row) => ({ ...row, detail: JSON.parse(row.detail!) }))).toEqual([
      { result: 'success', sessionId: session.sessionId, detail: { from: null, to: 'Ada Lovelace' } },
      { result: 'success', sessionId: session.sessionId, detail: { from: 'Ada Lovelace', to: null } },
    ])
  })
})

describe('setNewSignInNotices', () => {
  it('turns the notice off after a recent confirmation, and records it', async () => {
    const session = await signedIn()
    expect(await setNewSignInNotices({ enabled: false }, session, testContext({ caller: session }))).toEqual({ ok: true, enabled: false })
    expect(await noticesOn(session.user.id)).toBe(false)
    expect(await rowsOf(session.user.id, 'notice_settings_changed')).toEqual([
      { result: 'success', sessionId: session.sessionId, detail: JSON.stringify({ newSignInNotices: false }) },
    ])
  })

  it('asks for a confirmation to turn it off when the last one is older than the step-up window, and changes nothing', async () => {
    const session = await signedIn(new Date(Date.now() - ELEVEN_MINUTES))
    expect(await setNewSignInNotices({ enabled: false }, session, testContext({ caller: session }))).toEqual({ ok: false, reason: 'step_up_required' })
    expect(await noticesOn(session.user.id)).toBe(true)
    expect(await rowsOf(session.user.id, 'notice_settings_changed')).toEqual([])
  })

  it('asks for it too when the group wants a passkey to confirm and the session was proven by an emailed code', async () => {
    const session = await signedIn()
    const policy = { ...DEFAULT_POLICY, stepUp: { ...DEFAULT_POLICY.stepUp, methods: 'passkey' as const } }
    const emailed: CurrentSession = { ...session, method: 'email_code', verifiedMethod: 'email_code', policy }
    expect(await setNewSignInNotices({ enabled: false }, emailed, testContext({ caller: session }))).toEqual({ ok: false, reason: 'step_up_required' })
    expect(await noticesOn(session.user.id)).toBe(true)
  })

  it('turns it back on without any confirmation', async () => {
    const session = await signedIn(new Date(Date.now() - ELEVEN_MINUTES))
    await db().user.update({ where: { id: session.user.id }, data: { newSignInNotices: false } })
    expect(await setNewSignInNotices({ enabled: true }, session, testContext({ caller: session }))).toEqual({ ok: true, enabled: true })
    expect(await noticesOn(session.user.id)).toBe(true)
    expect(await rowsOf(session.user.id, 'notice_settings_changed')).toEqual([
      { result: 'success', sessionId: session.sessionId, detail: JSON.stringify({ newSignInNotices: true }) },
    ])
  })
})
