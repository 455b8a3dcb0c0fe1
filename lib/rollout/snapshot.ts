import 'server-only'
import { takeWorkLock } from '../work-lock'
import { sqltag } from '@prisma/client/runtime/client'
import { hasFactor, hasPasskey } from '../admin/people'
import { db, type Db } from '../db'
import { sqlDialect } from '../sql-dialect'

/**
 * The rollout dashboard's current state (ADR 17): people by group and
 * readiness, passkeys by group, provider and kind, first passkeys by group
 * and week. Counting these means reading every active person and passkey,
 * so the background job does it at most once a minute (whichever server gets
 * there first) and the dashboard reads the result: a few hundred rows,
 * whatever the number of people.
 */

type SnapshotKind = 'people' | 'provider' | 'first_week'

const FRESH_MS = 60_000
const SNAPSHOT_LOCK = 7_231_957

/** Recomputes the snapshot unless one younger than a minute exists; returns whether it did. */
export async function refreshRolloutSnapshot(now = new Date()): Promise<boolean> {
  const fresh = async (client: Pick<Db, 'rolloutSnapshot'>) => {
    const newest = await client.rolloutSnapshot.findFirst({ select: { takenAt: true } })
    return newest !== null && now.getTime() - newest.takenAt.getTime() < FRESH_MS && newest.takenAt <= now
  }
  if (await fresh(db())) return false
  // Counted outside the write transaction, which then only swaps the rows: on SQLite every request waits for a transaction.
  const rows = await count(now)
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SNAPSHOT_LOCK)
      if (await fresh(tx)) return false
      await tx.rolloutSnapshot.deleteMany({})
      await tx.rolloutSnapshot.createMany({ data: rows })
      return true
    },
    { timeout: 60_000 },
  )
}

async function count(now: Date): Promise<{ groupId: string; kind: SnapshotKind; key: string; count: number; takenAt: Date }[]> {
  const sql = sqlDialect()
  const [people, passkeys, firstWeeks] = await Promise.all([
    db().$queryRaw<{ groupId: string; passkey: number | bigint; factor: number | bigint; count: number | bigint }[]>`
      SELECT u."groupId", ${sql.truthy(hasPasskey)} AS "passkey", ${sql.truthy(hasFactor)} AS "factor", COUNT(*) AS "count"
      FROM "User" u WHERE u."status" = 'active'
      GROUP BY 1, 2, 3`,
    db().$queryRaw<{ groupId: string; aaguid: string; synced: boolean | number; count: number | bigint }[]>`
      SELECT u."groupId", p."aaguid", p."backupEligible" AS "synced", COUNT(*) AS "count"
      FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
      WHERE u."status" = 'active'
      GROUP BY 1, 2, 3`,
    db().$queryRaw<{ groupId: string; week: number | bigint; count: number | bigint }[]>`
      SELECT f."groupId", ${sql.week(sqltag`f."first"`)} AS "week", COUNT(*) AS "count" FROM (
        SELECT u."groupId", MIN(p."createdAt") AS "first" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
        WHERE u."status" = 'active'
        GROUP BY p."userId", u."groupId"
      ) f
      GROUP BY 1, 2`,
  ])
  const rows = new Map<string, { groupId: string; kind: SnapshotKind; key: string; count: number; takenAt: Date }>()
  const add = (groupId: string, kind: SnapshotKind, key: string, count: number | bigint) => {
    const id = `${groupId}\u0000${kind}\u0000${key}`
    const row = rows.get(id) ?? { groupId, kind, key, count: 0, takenAt: now }
    row.count += Number(count)
    rows.set(id, row)
  }
  for (const row of people) add(row.groupId, 'people', Number(row.passkey) ? (Number(row.factor) ? 'ready' : 'warning') : 'no_passkey', row.count)
  for (const row of passkeys) add(row.groupId, 'provider', `${row.aaguid}|${Number(row.synced) ? 'synced' : 'device'}`, row.count)
  for (const row of firstWeeks) add(row.groupId, 'first_week', String(Number(row.week)), row.count)
  return [...rows.values()]
}
