import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { groupNames } from '../policy/groups'
import { rolloutFigures } from '../rollout/figures'
import { periodOf } from '../rollout/period'
import { rolloutViews } from '../rollout/tables'
import { seedDemoOrganisation } from './organisation'

/** Seeded early in the morning, before anyone of the demo organisation has signed in that day. */
const NOW = new Date('2026-11-28T06:00:00Z')

/** The newest of each dated column the seed writes. */
async function newest(): Promise<Record<string, Date | null>> {
  const [users, groups, passkeys, codes, events, reports, accessCodes, snapshot, checkpoints] = await Promise.all([
    db().user.aggregate({ _max: { createdAt: true, updatedAt: true, emailVerifiedAt: true, backupEmailVerifiedAt: true, statusChangedAt: true } }),
    // The groups whose rollout phase the seed sets (the others it leaves as they are).
    db().group.aggregate({ where: { preset: { not: null } }, _max: { updatedAt: true } }),
    db().passkey.aggregate({ _max: { createdAt: true, lastUsedAt: true } }),
    db().recoveryCode.aggregate({ _max: { createdAt: true, usedAt: true } }),
    db().auditEvent.aggregate({ _max: { createdAt: true } }),
    db().activityReport.aggregate({ _max: { createdAt: true, resolvedAt: true } }),
    db().accessCode.aggregate({ _max: { createdAt: true, issuedAt: true, expiresAt: true, usedAt: true } }),
    db().rolloutSnapshot.aggregate({ _max: { takenAt: true } }),
    db().auditCheckpoint.aggregate({ _max: { createdAt: true } }),
  ])
  const named = { users, groups, passkeys, codes, events, reports, accessCodes, snapshot, checkpoints }
  return Object.fromEntries(
    Object.entries(named).flatMap(([table, row]) => Object.entries(row._max).map(([column, value]) => [`${table}.${column}`, value as Date | null])),
  )
}

describe('the demo organisation seeded at 06:00', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await seedDemoOrganisation(NOW)
  }, 120_000)

  it('holds nothing dated after the moment it was seeded: no event, passkey use, code or report from later that day', async () => {
    const after = Object.entries(await newest()).filter(([, value]) => value !== null && value > NOW)
    expect(after).toEqual([])
    expect(await db().session.count()).toBe(0)
    expect(await db().signInDay.count({ where: { day: { gt: NOW.toISOString().slice(0, 10) } } })).toBe(0)
  })

  it('has proven addresses: every seeded person’s email is verified', async () => {
    expect(await db().user.count({ where: { id: { startsWith: 'demo-person-' }, emailVerifiedAt: null } })).toBe(0)
  })

  it('gives every section of the dashboard figures in its default period, recovery and helpdesk included', async () => {
    const period = periodOf({}, NOW)
    const figures = await rolloutFigures({ from: period.from, to: period.to, groupId: null })
    for (const [type, count] of Object.entries(figures.support)) expect(count, type).toBeGreaterThan(0)
    expect(figures.reports.open).toBeGreaterThan(0)
    expect(figures.reports.resolved).toBeGreaterThan(0)
    expect(figures.nudge.offered).toBeGreaterThan(0)
    expect(figures.stepUps.length).toBeGreaterThan(0)
    const views = rolloutViews(figures, { groups: await groupNames(), groupId: null, period, translator: translatorFor('en', 'UTC') })
    // The people still to enrol are listed with a group chosen; every other table has rows.
    for (const view of views.filter((each) => each.id !== 'to-enrol')) expect(view.table.rows.length, view.id).toBeGreaterThan(0)
  })

  it('fails link sign-ins for a link’s reasons, and emailed codes for a code’s', async () => {
    const reasons = await db().auditEvent.groupBy({ by: ['method', 'reason'], where: { type: 'sign_in', result: 'failure' }, orderBy: { reason: 'asc' } })
    const of = (method: string) => reasons.filter((row) => row.method === method).map((row) => row.reason)
    expect(of('magic_link')).toEqual(['link_expired', 'link_superseded', 'link_used'])
    expect(of('email_code')).toEqual(['code_expired', 'code_wrong'])
    expect(of('passkey')).toEqual(['passkey_invalid'])
  })

  it('tells lost devices as the live flows record them: recovery code, access code, a new passkey, a recovered account', async () => {
    const recovered = await db().auditEvent.findMany({ where: { type: 'account_recovered' }, select: { userId: true, method: true } })
    expect(recovered.length).toBe(5)
    expect(new Set(recovered.map((row) => row.method))).toEqual(new Set(['recovered']))
    expect(await db().accessCode.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } })).toEqual([
      { status: 'reported', _count: 1 },
      { status: 'used', _count: 2 },
    ])
    expect(await db().recoveryCode.count({ where: { usedAt: { not: null } } })).toBe(3)
    // Each report names a sign-in of the person's own history.
    for (const report of await db().activityReport.findMany({ select: { userId: true, reportEventId: true } })) {
      const row = await db().auditEvent.findUniqueOrThrow({ where: { id: report.reportEventId }, select: { detail: true, userId: true } })
      const { eventId } = JSON.parse(row.detail!) as { eventId: string }
      expect(await db().auditEvent.findUniqueOrThrow({ where: { id: eventId }, select: { userId: true, type: true } })).toEqual({
        userId: report.userId,
        type: 'sign_in',
      })
    }
  })
})
