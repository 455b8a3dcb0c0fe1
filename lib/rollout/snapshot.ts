import 'server-only'
import { takeWorkLock } from '../work-lock'
import { sqltag } from '@prisma/client/runtime/client'
import { hasFactor, hasPasskey } from '../admin/people'
import { db, type Db } from '../db'
import { sqlDialect } from '../sql-dialect'

/**
 * The rollout dashboard's current state (ADR 17): people by group and
 * readiness, passkeys by group, provider and kind, first passkeys by group
 * and week, passkeys by the system and browser they were created on, and
 * people by whether a device they are signed in on can create a passkey.
 * Counting these means reading every active person, passkey and session,
 * so the background job does it at most once a minute (whichever server gets
 * there first) and the dashboard reads the result: a few hundred rows,
 * whatever the number of people.
 */

type SnapshotKind = 'people' | 'provider' | 'first_week' | 'device' | 'capability'

/** A person's devices, as the capability count ranks them. */
const CAPABILITY_STATES = ['unreported', 'can_create', 'cannot_create'] as const

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
  const [people, passkeys, firstWeeks, devices, capabilities] = await Promise.all([
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
    db().$queryRaw<{ groupId: string; os: string | null; browser: string | null; count: number | bigint }[]>`
      SELECT u."groupId", p."createdOs" AS "os", p."createdBrowser" AS "browser", COUNT(*) AS "count"
      FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
      WHERE u."status" = 'active'
      GROUP BY 1, 2, 3`,
    // Each active person with a live session, once: on a device that cannot create a passkey (2) if any of their
    // sessions is, else on one that can (1), else not reported (0). The bits are webauthn, platform, autofill, hybrid.
    db().$queryRaw<{ groupId: string; state: number | bigint; count: number | bigint }[]>`
      SELECT d."groupId", d."state", COUNT(*) AS "count" FROM (
        SELECT u."groupId", MAX(CASE WHEN s."capabilities" IS NULL THEN 0
                                     WHEN s."capabilities" LIKE '11__' OR s."capabilities" LIKE '1__1' THEN 1
                                     ELSE 2 END) AS "state"
        FROM "Session" s JOIN "User" u ON u."id" = s."userId"
        WHERE u."status" = 'active' AND s."expiresAt" > ${sql.time(now)}
        GROUP BY s."userId", u."groupId"
      ) d
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
  for (const row of devices) add(row.groupId, 'device', `${row.os ?? ''}|${row.browser ?? ''}`, row.count)
  for (const row of capabilities) add(row.groupId, 'capability', CAPABILITY_STATES[Number(row.state)] ?? 'unreported', row.count)
  return [...rows.values()]
}
