import { beforeAll, describe, expect, it } from 'vitest'
import { rollUpSignIns } from '../audit/rollup'
import { db } from '../db'
import { env } from '../env'
import { groupNames } from '../policy/groups'
import { analyze, explain, fullScans } from '../../testing/explain'
import { captureStatements } from '../../testing/query-count'
import { seedAtScale } from '../../testing/scale-seed'
import { rolloutFigures } from './figures'
import { refreshRolloutSnapshot } from './snapshot'

/**
 * The rollout dashboard at 100,000 people and 1,000,000 audit events: its
 * data loads in a fixed number of statements, and the database's own plan for
 * each reaches every table through an index (EXPLAIN QUERY PLAN on SQLite,
 * EXPLAIN after ANALYZE on PostgreSQL). Time is measured in `npm run bench`.
 */

/** Statements the dashboard's data takes: the group names, then the figures (thirteen with a group chosen, twelve without). */
const DASHBOARD_STATEMENTS = { organisation: 13, group: 14 }
const DAY_MS = 86_400_000
/** Tables whose size follows the number of groups (and weeks), not people or events: PostgreSQL rightly reads them whole. */
const SMALL_TABLES = ['Group', 'RolloutSnapshot']

describe('the rollout dashboard at 1,000,000 events', () => {
  beforeAll(async () => {
    // A million events over some 15 months (one every 40 s), so 90 days are a fifth of them; people in four groups.
    await seedAtScale({ users: 100_000, passkeys: 50_000, events: 1_000_000, counters: 1_000, eventSpacing: 40, sealedWithEmail: true })
    await db().$executeRawUnsafe(
      `UPDATE "User" SET "groupId" = CASE WHEN "id" LIKE '%0' THEN 'administrators' WHEN "id" LIKE '%1' OR "id" LIKE '%2' THEN 'contractors' WHEN "id" LIKE '%3' OR "id" LIKE '%4' OR "id" LIKE '%5' THEN 'employees' ELSE 'customers' END WHERE "id" LIKE 'scale-user-%'`,
    )
    // Passkeys as wide as real ones (a COSE public key, a name, the last browser) and older than the history,
    // so email sign-ins by their owners are fallbacks. The events come sealed (numbered), as the sealer leaves them.
    const postgres = env().database.provider === 'postgresql'
    const key = postgres ? `decode(repeat('a5', 77), 'hex')` : `randomblob(77)`
    await db().$executeRawUnsafe(
      `UPDATE "Passkey" SET "createdAt" = ${postgres ? `"createdAt" - interval '500 days'` : `strftime('%Y-%m-%dT%H:%M:%f+00:00', "createdAt", '-500 days')`}, "publicKey" = ${key}, "name" = 'iCloud Keychain on a MacBook Pro', "transports" = 'internal,hybrid', "lastUsedUserAgent" = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'`,
    )
    // As many emails as events, with what the provider said of each (one in fifty bounced or delayed).
    await db().$executeRawUnsafe(
      `INSERT INTO "EmailDelivery" ("id", "kind", "status", "sentAt", "updatedAt") SELECT 'delivery-' || "id", 'notice', CASE WHEN "id" LIKE '%00' THEN 'bounced' WHEN "id" LIKE '%50' THEN 'delayed' ELSE 'delivered' END, "createdAt", "createdAt" FROM "AuditEvent"`,
    )
    await rollUpSignIns()
    await refreshRolloutSnapshot()
    for (const table of ['AuditEvent', 'SignInDay', 'FallbackDay', 'RolloutSnapshot', 'User', 'Passkey', 'EmailDelivery']) await analyze(table)
  }, 600_000)

  for (const groupId of [null, 'employees']) {
    const statements = groupId ? DASHBOARD_STATEMENTS.group : DASHBOARD_STATEMENTS.organisation
    it(`loads in ${statements} statements, each through an index (${groupId ?? 'whole organisation'})`, async () => {
      const to = new Date()
      const { result, queries } = await captureStatements(async () => {
        await groupNames()
        return rolloutFigures({ from: new Date(to.getTime() - 90 * DAY_MS), to, groupId })
      })
      expect(queries).toHaveLength(statements)
      // The figures are the seeded ones: of the 194,400 events in 90 days (one every 40 s), four in five are sign-ins.
      const signIns = result.signIns.reduce((sum, row) => sum + row.succeeded + row.failed, 0)
      if (groupId === null) expect(signIns).toBeGreaterThan(150_000)
      expect(result.fallback.people).toHaveLength(20)
      expect(result.emailDelivery.delivered).toBeGreaterThan(150_000)
      expect(result.enrolment.reduce((sum, row) => sum + row.withPasskey, 0)).toBeGreaterThan(0)
      for (const query of queries) {
        const plan = await explain(query)
        expect
          .soft(
            fullScans(plan).filter((table) => !SMALL_TABLES.includes(table)),
            `${env().database.provider}: ${query.query}\n${plan}`,
          )
          .toEqual([])
      }
    })
  }
})
