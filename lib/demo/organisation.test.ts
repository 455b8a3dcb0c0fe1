import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { seedDemoOrganisation } from './organisation'

const NOW = new Date('2026-11-28T15:00:00Z')

async function fingerprint() {
  const people = await db().user.groupBy({
    by: ['groupId', 'role'],
    where: { id: { startsWith: 'demo-person-' } },
    _count: true,
    orderBy: [{ groupId: 'asc' }, { role: 'asc' }],
  })
  const providers = await db().passkey.groupBy({
    by: ['name', 'backupEligible'],
    where: { userId: { startsWith: 'demo-person-' } },
    _count: true,
    orderBy: [{ name: 'asc' }, { backupEligible: 'asc' }],
  })
  const events = await db().auditEvent.groupBy({
    by: ['type', 'method', 'result'],
    _count: true,
    orderBy: [{ type: 'asc' }, { method: 'asc' }, { result: 'asc' }],
  })
  const first = await db().auditEvent.findFirst({ orderBy: [{ createdAt: 'asc' }, { type: 'asc' }], select: { createdAt: true, type: true } })
  return { people, providers, events, first }
}

async function removeDemoOrganisation() {
  // The whole log goes, its checkpoints too: a chain still ending at the first seed would refuse the older rows of the second.
  await db().auditEvent.deleteMany({})
  await db().auditCheckpoint.deleteMany({})
  await db().user.deleteMany({ where: { id: { startsWith: 'demo-person-' } } })
}

// Each test seeds 200 people and 90 days of history (about 20 s on two cores): tests fail on what they find, not on time.
describe('the demo organisation', { timeout: 120_000 }, () => {
  it('seeds about 200 people across the four groups, with a rollout’s shape, once', async () => {
    const seeded = await seedDemoOrganisation(NOW)
    expect(seeded?.people).toBe(200)
    const byGroup = await db().user.groupBy({ by: ['groupId'], where: { id: { startsWith: 'demo-person-' } }, _count: true })
    expect(Object.fromEntries(byGroup.map((row) => [row.groupId, row._count]))).toEqual({ administrators: 6, employees: 120, contractors: 30, customers: 44 })
    // Every group's phase is the last one it reached, recorded as policy changes.
    expect(await db().group.findUniqueOrThrow({ where: { id: 'employees' }, select: { preset: true } })).toEqual({ preset: 'workforce-3' })
    expect(await db().auditEvent.count({ where: { type: 'group_policy_changed' } })).toBe(7)
    // Passkeys from several providers, synced and device-bound; history over 90 days.
    const providers = await db().passkey.groupBy({ by: ['name'], where: { userId: { startsWith: 'demo-person-' } }, _count: true })
    expect(providers.length).toBeGreaterThanOrEqual(5)
    expect(await db().passkey.count({ where: { backupEligible: false, userId: { startsWith: 'demo-person-' } } })).toBeGreaterThan(0)
    const oldest = await db().auditEvent.findFirstOrThrow({ orderBy: { createdAt: 'asc' }, select: { createdAt: true } })
    expect(Math.round((NOW.getTime() - oldest.createdAt.getTime()) / 86_400_000)).toBe(90)
    expect(await db().activityReport.count({ where: { status: 'open' } })).toBe(1)
    expect(await seedDemoOrganisation(NOW)).toBeNull()
  })

  it('is the same organisation every time it is seeded', async () => {
    const before = await fingerprint()
    await removeDemoOrganisation()
    await seedDemoOrganisation(NOW)
    expect(await fingerprint()).toEqual(before)
  })
})
