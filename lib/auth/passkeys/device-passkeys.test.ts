import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { newPerson, sessionOf } from '../../../testing/passkeys'
import { testContext } from '../../../testing/use-case'
import { dismissPasskeyNudge, nudgeSnoozed, passkeyNudgeCookie } from './device-passkeys'

describe('"Not now" on the passkey suggestion', () => {
  it('snoozes it in this browser for 14 days and records the dismissal', async () => {
    const person = await newPerson()
    const session = await sessionOf(person)
    const ctx = testContext({ caller: session })
    await dismissPasskeyNudge(ctx)
    const cookie = ctx.cookies.values.get(passkeyNudgeCookie().name)
    expect(cookie?.options.maxAge).toBe(14 * 24 * 60 * 60)
    expect(nudgeSnoozed(cookie?.value)).toBe(true)
    expect(nudgeSnoozed(cookie?.value, new Date(Date.now() + 15 * 24 * 3600_000))).toBe(false)
    expect(await db().auditEvent.findMany({ where: { userId: person.id }, select: { type: true, result: true, sessionId: true } })).toEqual([
      { type: 'passkey_nudge_dismissed', result: 'success', sessionId: session.sessionId },
    ])
  })
})
