import { describe, expect, it } from 'vitest'
import { recordEvent } from '../../audit/record'
import { db } from '../../db'
import { findActiveSession, issueSession } from './store'
import { mayEndOtherSessions } from '../dal'
import { markSessionVerified } from './step-up'

const context = { ipAddress: null, userAgent: null }
const HOUR = 3600_000

async function account() {
  return db().user.create({ data: { email: `step-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
}

describe('step-up', () => {
  it('gives the session a new id: the old cookie stops working, the new one works, its history follows', async () => {
    const user = await account()
    const issued = await issueSession(user.id, 'email_code', context)
    await recordEvent({ type: 'sign_in', result: 'success', userId: user.id, sessionId: issued.sessionId })
    const rotated = await markSessionVerified(user.id, issued.sessionId)
    if (!rotated) throw new Error('not rotated')
    expect(rotated.sessionId).not.toBe(issued.sessionId)
    expect(await findActiveSession(issued.secret)).toBeNull()
    expect(await findActiveSession(rotated.secret)).toMatchObject({ id: rotated.sessionId, user: { id: user.id } })
    expect(await db().auditEvent.count({ where: { userId: user.id, sessionId: rotated.sessionId } })).toBe(1)
    // Someone else's session id changes nothing.
    expect(await markSessionVerified((await account()).id, rotated.sessionId)).toBeNull()
  })

  it('ending other sessions: an older session needs a recent confirmation; the newest sign-in does not', async () => {
    const user = await account()
    const past = new Date(Date.now() - 2 * HOUR)
    const stolen = await issueSession(user.id, 'email_code', context, past)
    const owner = await issueSession(user.id, 'passkey', context)
    const view = (id: string, signedInAt: Date, verifiedAt = signedInAt) => ({ sessionId: id, signedInAt, verifiedAt, method: 'email_code', user })
    expect(await mayEndOtherSessions(view(stolen.sessionId, past))).toBe(false)
    expect(await mayEndOtherSessions(view(owner.sessionId, new Date(Date.now() - HOUR)))).toBe(true)
    // The older session after a fresh confirmation.
    expect(await mayEndOtherSessions(view(stolen.sessionId, past, new Date()))).toBe(true)
  })
})
