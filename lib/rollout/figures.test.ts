import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { sealPending } from '../audit/chain'
import { rolloutFigures } from './figures'
import { refreshRolloutSnapshot } from './snapshot'
import { againstTarget } from './targets'

const NOW = new Date('2026-11-26T12:00:00Z')
const daysAgo = (days: number, hour = 10) => new Date(Date.UTC(2026, 10, 26 - days, hour))
const WEEK = { from: daysAgo(7, 12), to: NOW }
const GOOGLE = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4'
const WINDOWS_HELLO = '08987058-cadc-4b81-b6e1-30de50dcbe96'

let ids: Record<'e1' | 'e2' | 'e3' | 'e4' | 'c1', string>

async function person(name: string, groupId: string, status: 'active' | 'suspended' = 'active') {
  return (await db().user.create({ data: { email: `${name}-rollout@example.com`, groupId, status }, select: { id: true } })).id
}

async function passkey(userId: string, aaguid: string, synced: boolean, createdAt: Date) {
  await db().passkey.create({
    data: {
      userId,
      credentialId: `cred-${userId}-${aaguid}`,
      publicKey: new Uint8Array([0]),
      aaguid,
      name: 'Key',
      backupEligible: synced,
      backedUp: synced,
      createdAt,
    },
  })
}

const signIn = (userId: string, method: string, result: 'success' | 'failure', createdAt: Date, reason: string | null = null) => ({
  userId,
  type: 'sign_in',
  method,
  result,
  reason,
  createdAt,
})
/** A sign-in that recorded its time from request to session. */
const timed = (entry: ReturnType<typeof signIn>, durationMs: number) => ({ ...entry, detail: JSON.stringify({ durationMs }) })
const event = (userId: string, type: string, createdAt: Date, method: string | null = null, result = 'success') => ({ userId, type, method, result, createdAt })

describe('rollout figures on a small organisation, computed by hand', () => {
  beforeAll(async () => {
    ids = {
      e1: await person('e1', 'employees'),
      e2: await person('e2', 'employees'),
      e3: await person('e3', 'employees'),
      e4: await person('e4', 'employees', 'suspended'),
      c1: await person('c1', 'contractors'),
    }
    await passkey(ids.e1, GOOGLE, true, daysAgo(10))
    await passkey(ids.e2, WINDOWS_HELLO, false, daysAgo(3))
    await passkey(ids.e4, GOOGLE, true, daysAgo(30))
    await db().recoveryCode.create({ data: { userId: ids.e1, salt: 's', hash: 'h', createdAt: daysAgo(10) } })
    await db().auditEvent.createMany({
      data: [
        timed(signIn(ids.e1, 'passkey', 'success', daysAgo(1)), 4_000),
        timed(signIn(ids.e1, 'email_code', 'success', daysAgo(2)), 90_000),
        signIn(ids.e1, 'sms_code', 'success', daysAgo(2, 9)),
        signIn(ids.e1, 'email_code', 'failure', daysAgo(2, 11), 'code_wrong'),
        timed(signIn(ids.e1, 'passkey', 'success', daysAgo(20)), 1),
        timed(signIn(ids.e2, 'email_code', 'success', daysAgo(5)), 30_000),
        signIn(ids.e2, 'magic_link', 'success', daysAgo(1)),
        timed(signIn(ids.e3, 'email_code', 'success', daysAgo(1)), 45_000),
        signIn(ids.c1, 'passkey', 'failure', daysAgo(1), 'passkey_invalid'),
        event(ids.e2, 'recovery_requested', daysAgo(3)),
        event(ids.e2, 'account_recovered', daysAgo(3, 11), 'recovery'),
        event(ids.e3, 'access_code_issued', daysAgo(4)),
        event(ids.e3, 'access_code_used', daysAgo(4, 11)),
        event(ids.c1, 'access_code_reported', daysAgo(1)),
        event(ids.e3, 'recovery_requested', daysAgo(20)),
        event(ids.e3, 'passkey_nudge_offered', daysAgo(2), 'email_code'),
        event(ids.e2, 'passkey_nudge_offered', daysAgo(3, 9), 'email_code'),
        event(ids.e2, 'passkey_added', daysAgo(3, 10), 'passkey'),
        event(ids.e1, 'passkey_nudge_dismissed', daysAgo(1)),
        event(ids.e3, 'passkey_nudge_offered', daysAgo(20), 'email_code'),
        event(ids.e1, 'step_up', daysAgo(1), 'passkey'),
        event(ids.e2, 'step_up', daysAgo(1), 'email_code'),
        event(ids.e2, 'step_up', daysAgo(1, 11), 'email_code', 'failure'),
        {
          userId: null,
          type: 'group_policy_changed',
          result: 'success',
          detail: JSON.stringify({ groupId: 'employees', preset: 'workforce-2' }),
          createdAt: daysAgo(4),
        },
        {
          userId: null,
          type: 'group_policy_changed',
          result: 'success',
          detail: JSON.stringify({ groupId: 'contractors', preset: 'workforce-2' }),
          createdAt: daysAgo(6),
        },
        { userId: ids.e1, type: 'break_glass_sign_in', result: 'success', method: 'passkey', createdAt: daysAgo(2) },
        { userId: ids.e1, type: 'break_glass_sign_in', result: 'success', method: 'passkey', createdAt: daysAgo(9) },
      ],
    })
  })

  beforeAll(async () => {
    // "This wasn't me" reports: one open and one resolved in the week, one older.
    for (const [userId, status, createdAt] of [
      [ids.e3, 'open', daysAgo(2)],
      [ids.e1, 'resolved', daysAgo(3)],
      [ids.e1, 'open', daysAgo(30)],
    ] as const) {
      const reported = await db().auditEvent.create({ data: { userId, type: 'activity_reported', result: 'success', createdAt }, select: { id: true } })
      await db().activityReport.create({ data: { userId, reportEventId: reported.id, status, createdAt } })
    }
    // Sealing rolls the sign-ins up into the daily summaries the figures read; the snapshot counts people and passkeys.
    await sealPending()
    await refreshRolloutSnapshot()
  })

  it('for the whole organisation', async () => {
    const figures = await rolloutFigures({ ...WEEK, groupId: null })
    expect(figures.enrolment).toEqual([
      { group: 'contractors', active: 1, withPasskey: 0, readiness: { ready: 0, warning: 0, noPasskey: 1 } },
      { group: 'employees', active: 3, withPasskey: 2, readiness: { ready: 1, warning: 1, noPasskey: 1 } },
    ])
    expect(figures.providers).toEqual([
      { provider: 'Google Password Manager', synced: true, passkeys: 1 },
      { provider: 'Windows Hello', synced: false, passkeys: 1 },
    ])
    expect(figures.signIns).toEqual([
      { day: '2026-11-21', method: 'email_code', succeeded: 1, failed: 0 },
      { day: '2026-11-24', method: 'email_code', succeeded: 1, failed: 1 },
      { day: '2026-11-24', method: 'sms_code', succeeded: 1, failed: 0 },
      { day: '2026-11-25', method: 'email_code', succeeded: 1, failed: 0 },
      { day: '2026-11-25', method: 'magic_link', succeeded: 1, failed: 0 },
      { day: '2026-11-25', method: 'passkey', succeeded: 1, failed: 1 },
    ])
    // Email codes took 30, 45 and 90 s: the median is the 2nd of 3, the 90th percentile the 3rd (rank ⌈0.9 × 3⌉).
    // Each is read as its bucket's bound: 45 and 90 s are bounds; the passkey's 4 s is in the bucket up to 5 s.
    // The passkey sign-in 20 days ago is outside the week; the link sign-in recorded no time.
    expect(figures.timeToSignIn).toEqual([
      { method: 'email_code', measured: 3, medianMs: 45_000, p90Ms: 90_000 },
      { method: 'passkey', measured: 1, medianMs: 5_000, p90Ms: 5_000 },
    ])
    // Email sign-ins in the week: e1 (had a passkey), e2 twice (before and after its passkey), e3 (none); and e1's
    // texted code, a fallback of its own, counted apart and among e1's fallbacks.
    expect(figures.fallback).toEqual({
      emailSignIns: 4,
      byPasskeyHolders: 2,
      textSignIns: 1,
      people: [
        { userId: ids.e1, email: expect.any(String), count: 2 },
        { userId: ids.e2, email: expect.any(String), count: 1 },
      ],
    })
    // First passkeys of active people: e1 on Mon 16 Nov (week from 16 Nov), e2 on Mon 23 Nov.
    expect(figures.enrolledByWeek).toEqual([
      { weekStarting: '2026-11-16', newlyEnrolled: 1 },
      { weekStarting: '2026-11-23', newlyEnrolled: 1 },
    ])
    expect(figures.phases.map((phase) => [phase.groupId, phase.preset])).toEqual([
      ['contractors', 'workforce-2'],
      ['employees', 'workforce-2'],
    ])
    // One break-glass sign-in in the week; the one nine days ago is outside it.
    expect(figures.breakGlassSignIns).toEqual([{ at: daysAgo(2), userId: ids.e1 }])
    expect(figures.failureReasons).toEqual([
      { method: 'email_code', reason: 'code_wrong', count: 1 },
      { method: 'passkey', reason: 'passkey_invalid', count: 1 },
    ])
    expect(figures.support).toEqual({ recovery_requested: 1, account_recovered: 1, access_code_issued: 1, access_code_used: 1, access_code_reported: 1 })
    expect(figures.stepUps).toEqual([
      { method: 'email_code', succeeded: 1, failed: 1 },
      { method: 'passkey', succeeded: 1, failed: 0 },
    ])
    expect(figures.reports).toEqual({ open: 1, resolved: 1 })
    // Two offers in the week, one followed by a passkey within the day (e2's); one "Not now".
    expect(figures.nudge).toEqual({ offered: 2, created: 1, dismissed: 1 })
    expect(figures.toEnrol).toEqual([])
  })

  it('lists a group’s active people still to enrol', async () => {
    const figures = await rolloutFigures({ ...WEEK, groupId: 'employees' })
    expect(figures.toEnrol).toEqual([{ userId: ids.e3, email: 'e3-rollout@example.com', name: null }])
    expect(figures.nudge).toEqual({ offered: 2, created: 1, dismissed: 1 })
  })

  it('for one group', async () => {
    const figures = await rolloutFigures({ ...WEEK, groupId: 'contractors' })
    expect(figures.enrolment).toEqual([{ group: 'contractors', active: 1, withPasskey: 0, readiness: { ready: 0, warning: 0, noPasskey: 1 } }])
    expect(figures.providers).toEqual([])
    expect(figures.signIns).toEqual([{ day: '2026-11-25', method: 'passkey', succeeded: 0, failed: 1 }])
    expect(figures.timeToSignIn).toEqual([])
    expect(figures.fallback).toEqual({ emailSignIns: 0, byPasskeyHolders: 0, textSignIns: 0, people: [] })
    expect(figures.phases.map((phase) => phase.groupId)).toEqual(['contractors'])
    expect(figures.failureReasons).toEqual([{ method: 'passkey', reason: 'passkey_invalid', count: 1 }])
    expect(figures.support).toEqual({ recovery_requested: 0, account_recovered: 0, access_code_issued: 0, access_code_used: 0, access_code_reported: 1 })
    expect(figures.stepUps).toEqual([])
    expect(figures.reports).toEqual({ open: 0, resolved: 0 })
    expect(figures.nudge).toEqual({ offered: 0, created: 0, dismissed: 0 })
    expect(figures.toEnrol.map((row) => row.userId)).toEqual([ids.c1])
  })
})

describe('phase targets', () => {
  it('compares enrolment with the phase’s range', () => {
    expect(againstTarget('workforce-1', 10, 100)).toBeNull()
    expect(againstTarget('workforce-2', 29, 100)).toEqual({ min: 30, max: 45, status: 'below' })
    expect(againstTarget('workforce-2', 45, 100)).toEqual({ min: 30, max: 45, status: 'on_target' })
    expect(againstTarget('workforce-2', 46, 100)).toEqual({ min: 30, max: 45, status: 'ahead' })
    expect(againstTarget('workforce-3', 60, 100)).toEqual({ min: 60, max: 75, status: 'on_target' })
    expect(againstTarget('workforce-4', 99, 100)).toEqual({ min: 80, max: null, status: 'on_target' })
    expect(againstTarget('workforce-4', 0, 0)).toBeNull()
    expect(againstTarget(null, 5, 10)).toBeNull()
  })
})
