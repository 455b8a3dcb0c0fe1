import 'server-only'
import { empty, join, sqltag, type Sql } from '@prisma/client/runtime/client'
import { hasFactor, hasPasskey } from '../admin/people'
import { passkeyProvider } from '../auth/passkeys/providers'
import { db } from '../db'
import { env } from '../env'

/**
 * The rollout dashboard's figures for a period and one group or all:
 * fifteen statements whatever the organisation's size (no per-person loop), over the current
 * state (people, passkeys) and the history's sign-ins and phase changes,
 * which the AuditEvent (type, createdAt) index reaches by time range.
 */

export type RolloutQuery = { from: Date; to: Date; groupId: string | null }

export type Readiness = { ready: number; warning: number; noPasskey: number }
export type RolloutFigures = {
  enrolment: { group: string; active: number; withPasskey: number; readiness: Readiness }[]
  providers: { provider: string; synced: boolean; passkeys: number }[]
  signIns: { day: string; method: string; succeeded: number; failed: number }[]
  /** Request to session of successful sign-ins that recorded it, by method: nearest-rank median and 90th percentile. */
  timeToSignIn: { method: string; measured: number; medianMs: number; p90Ms: number }[]
  fallback: { emailSignIns: number; byPasskeyHolders: number; people: { userId: string; email: string; count: number }[] }
  enrolledByWeek: { weekStarting: string; newlyEnrolled: number }[]
  phases: { at: Date; groupId: string; preset: string }[]
  /** Sign-ins of the break-glass administrator in the period (ADR 14): each one should have a reason on record. */
  breakGlassSignIns: { at: Date; userId: string | null }[]
  failureReasons: { method: string; reason: string; count: number }[]
  support: Record<(typeof SUPPORT_EVENTS)[number], number>
  stepUps: { method: string; succeeded: number; failed: number }[]
  reports: { open: number; resolved: number }
  /** Passkey offers after email sign-ins, those followed by a new passkey within a day, and "Not now" presses. */
  nudge: { offered: number; created: number; dismissed: number }
  /** With a group chosen: its first 50 active people without a passkey, by address. */
  toEnrol: { userId: string; email: string; name: string | null }[]
}

/** Lost-device events the dashboard counts per 1,000 people. */
export const SUPPORT_EVENTS = ['recovery_requested', 'account_recovered', 'access_code_issued', 'access_code_used', 'access_code_reported'] as const

const DAY_MS = 86_400_000
const FALLBACK_PEOPLE = 20

function dialect() {
  const postgres = env().database.provider === 'postgresql'
  return {
    /** A time parameter compared with stored times: SQLite keeps them as ISO text with an explicit offset. */
    time: (date: Date): Date | string => (postgres ? date : date.toISOString().replace('Z', '+00:00')),
    day: (column: Sql) => (postgres ? sqltag`to_char(${column}, 'YYYY-MM-DD')` : sqltag`substr(${column}, 1, 10)`),
    /** The Monday-to-Sunday week of a stored time, numbered from the one holding 1970-01-01 (a Thursday, hence + 3). */
    week: (column: Sql) =>
      postgres ? sqltag`floor((floor(extract(epoch from ${column}) / 86400) + 3) / 7)` : sqltag`(CAST(julianday(${column}) - 2440587.5 AS INTEGER) + 3) / 7`,
    /** The durationMs a successful sign-in recorded in its detail (lib/auth/session/issue.ts), or null. */
    durationMs: (detail: Sql) =>
      postgres ? sqltag`CAST(CAST(${detail} AS jsonb) ->> 'durationMs' AS bigint)` : sqltag`CAST(json_extract(${detail}, '$.durationMs') AS INTEGER)`,
    truthy: (expression: Sql) => sqltag`CASE WHEN ${expression} THEN 1 ELSE 0 END`,
    /** A stored time one day later, comparable with stored times. */
    dayLater: (column: Sql) => (postgres ? sqltag`${column} + interval '1 day'` : sqltag`strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '+1 day')`),
  }
}

export async function rolloutFigures(query: RolloutQuery): Promise<RolloutFigures> {
  const sql = dialect()
  const from = sql.time(query.from)
  const to = sql.time(query.to)
  const inGroup = query.groupId ? sqltag`AND u."groupId" = ${query.groupId}` : empty
  // Events of the group's people: joined through the person only when a group is chosen.
  const eventJoin = query.groupId ? sqltag`JOIN "User" u ON u."id" = e."userId" AND u."groupId" = ${query.groupId}` : empty
  const eventDay = sql.day(sqltag`e."createdAt"`)

  const duration = sql.durationMs(sqltag`e."detail"`)

  const [
    people,
    passkeys,
    signIns,
    durations,
    fallbackTotals,
    fallbackPeople,
    firstPasskeys,
    phases,
    breakGlass,
    failures,
    support,
    stepUps,
    reports,
    nudge,
    toEnrol,
  ] = await Promise.all([
    db().$queryRaw<{ groupId: string; passkey: number | bigint; factor: number | bigint; count: number | bigint }[]>`
      SELECT u."groupId", ${sql.truthy(hasPasskey)} AS "passkey", ${sql.truthy(hasFactor)} AS "factor", COUNT(*) AS "count"
      FROM "User" u WHERE u."status" = 'active' ${inGroup}
      GROUP BY u."groupId", 2, 3`,
    db().$queryRaw<{ aaguid: string; backupEligible: boolean | number; count: number | bigint }[]>`
      SELECT p."aaguid", p."backupEligible", COUNT(*) AS "count"
      FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
      WHERE u."status" = 'active' ${inGroup}
      GROUP BY p."aaguid", p."backupEligible"`,
    db().$queryRaw<{ day: string; method: string | null; result: string; count: number | bigint }[]>`
      SELECT ${eventDay} AS "day", e."method", e."result", COUNT(*) AS "count"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" = 'sign_in' AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
      GROUP BY 1, 2, 3`,
    // Nearest-rank percentiles: the value at rank ceil(p × n) of each method's sorted durations.
    db().$queryRaw<{ method: string | null; d: number | bigint; rn: number | bigint; n: number | bigint }[]>`
      SELECT r."method", r."d", r."rn", r."n" FROM (
        SELECT e."method", ${duration} AS "d",
          ROW_NUMBER() OVER (PARTITION BY e."method" ORDER BY ${duration}) AS "rn",
          COUNT(*) OVER (PARTITION BY e."method") AS "n"
        FROM "AuditEvent" e ${eventJoin}
        WHERE e."type" = 'sign_in' AND e."result" = 'success' AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
          AND ${duration} IS NOT NULL
      ) r
      WHERE r."rn" = (50 * r."n" + 99) / 100 OR r."rn" = (90 * r."n" + 99) / 100`,
    db().$queryRaw<{ email: number | bigint | null; held: number | bigint | null }[]>`
      SELECT COUNT(*) AS "email",
        SUM(CASE WHEN EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = e."userId" AND p."createdAt" <= e."createdAt") THEN 1 ELSE 0 END) AS "held"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" = 'sign_in' AND e."result" = 'success' AND e."method" IN ('email_code', 'magic_link')
        AND e."createdAt" >= ${from} AND e."createdAt" < ${to}`,
    db().$queryRaw<{ userId: string; email: string; count: number | bigint }[]>`
      SELECT f."userId", w."email", f."count" FROM (
        SELECT e."userId", COUNT(*) AS "count"
        FROM "AuditEvent" e ${eventJoin}
        WHERE e."type" = 'sign_in' AND e."result" = 'success' AND e."method" IN ('email_code', 'magic_link')
          AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
          AND EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = e."userId" AND p."createdAt" <= e."createdAt")
        GROUP BY e."userId"
        ORDER BY 2 DESC, 1
        LIMIT ${FALLBACK_PEOPLE}
      ) f JOIN "User" w ON w."id" = f."userId"
      ORDER BY f."count" DESC, f."userId"`,
    db().$queryRaw<{ week: number | bigint; count: number | bigint }[]>`
      SELECT ${sql.week(sqltag`f."first"`)} AS "week", COUNT(*) AS "count" FROM (
        SELECT MIN(p."createdAt") AS "first" FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
        WHERE u."status" = 'active' ${inGroup}
        GROUP BY p."userId"
      ) f
      GROUP BY 1`,
    db().auditEvent.findMany({
      where: { type: 'group_policy_changed', createdAt: { lt: query.to } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true, detail: true },
    }),
    db().auditEvent.findMany({
      where: { type: 'break_glass_sign_in', createdAt: { gte: query.from, lt: query.to } },
      orderBy: { createdAt: 'desc' },
      take: 100,
      select: { createdAt: true, userId: true },
    }),
    db().$queryRaw<{ method: string | null; reason: string | null; count: number | bigint }[]>`
      SELECT e."method", e."reason", COUNT(*) AS "count"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" = 'sign_in' AND e."result" = 'failure' AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
      GROUP BY 1, 2`,
    db().$queryRaw<{ type: string; count: number | bigint }[]>`
      SELECT e."type", COUNT(*) AS "count"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" IN (${join([...SUPPORT_EVENTS])}) AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
      GROUP BY 1`,
    db().$queryRaw<{ method: string | null; result: string; count: number | bigint }[]>`
      SELECT e."method", e."result", COUNT(*) AS "count"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" = 'step_up' AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
      GROUP BY 1, 2`,
    db().activityReport.groupBy({
      by: ['status'],
      where: { createdAt: { gte: query.from, lt: query.to }, ...(query.groupId ? { user: { groupId: query.groupId } } : {}) },
      _count: true,
    }),
    db().$queryRaw<{ offered: number | bigint | null; created: number | bigint | null; dismissed: number | bigint | null }[]>`
        SELECT SUM(CASE WHEN e."type" = 'passkey_nudge_offered' THEN 1 ELSE 0 END) AS "offered",
          SUM(CASE WHEN e."type" = 'passkey_nudge_offered' AND EXISTS (
            SELECT 1 FROM "AuditEvent" a WHERE a."userId" = e."userId" AND a."type" = 'passkey_added' AND a."result" = 'success'
              AND a."createdAt" >= e."createdAt" AND a."createdAt" < ${sql.dayLater(sqltag`e."createdAt"`)}) THEN 1 ELSE 0 END) AS "created",
          SUM(CASE WHEN e."type" = 'passkey_nudge_dismissed' THEN 1 ELSE 0 END) AS "dismissed"
        FROM "AuditEvent" e ${eventJoin}
        WHERE e."type" IN ('passkey_nudge_offered', 'passkey_nudge_dismissed') AND e."createdAt" >= ${from} AND e."createdAt" < ${to}`,
    query.groupId
      ? db().user.findMany({
          where: { groupId: query.groupId, status: 'active', passkeys: { none: {} } },
          orderBy: { email: 'asc' },
          take: 50,
          select: { id: true, email: true, displayName: true },
        })
      : Promise.resolve([]),
  ])

  const groups = new Map<string, { group: string; active: number; withPasskey: number; readiness: Readiness }>()
  for (const row of people) {
    const entry = groups.get(row.groupId) ?? { group: row.groupId, active: 0, withPasskey: 0, readiness: { ready: 0, warning: 0, noPasskey: 0 } }
    const count = Number(row.count)
    entry.active += count
    if (Number(row.passkey)) {
      entry.withPasskey += count
      if (Number(row.factor)) entry.readiness.ready += count
      else entry.readiness.warning += count
    } else entry.readiness.noPasskey += count
    groups.set(row.groupId, entry)
  }

  const providers = new Map<string, { provider: string; synced: boolean; passkeys: number }>()
  for (const row of passkeys) {
    const provider = passkeyProvider(row.aaguid).name ?? 'Unknown provider'
    const synced = Boolean(Number(row.backupEligible))
    const key = `${provider}\u0000${synced}`
    const entry = providers.get(key) ?? { provider, synced, passkeys: 0 }
    entry.passkeys += Number(row.count)
    providers.set(key, entry)
  }

  const days = new Map<string, { day: string; method: string; succeeded: number; failed: number }>()
  for (const row of signIns) {
    const method = row.method ?? 'unknown'
    const key = `${row.day}\u0000${method}`
    const entry = days.get(key) ?? { day: row.day, method, succeeded: 0, failed: 0 }
    if (row.result === 'failure') entry.failed += Number(row.count)
    else entry.succeeded += Number(row.count)
    days.set(key, entry)
  }

  const times = new Map<string, { method: string; measured: number; medianMs: number; p90Ms: number }>()
  for (const row of durations) {
    const method = row.method ?? 'unknown'
    const n = Number(row.n)
    const entry = times.get(method) ?? { method, measured: n, medianMs: 0, p90Ms: 0 }
    const rank = Number(row.rn)
    if (rank === Math.floor((50 * n + 99) / 100)) entry.medianMs = Number(row.d)
    if (rank === Math.floor((90 * n + 99) / 100)) entry.p90Ms = Number(row.d)
    times.set(method, entry)
  }

  const weekStart = (week: number) => new Date((week * 7 - 3) * DAY_MS).toISOString().slice(0, 10)

  return {
    enrolment: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    providers: [...providers.values()].sort((a, b) => b.passkeys - a.passkeys || a.provider.localeCompare(b.provider)),
    signIns: [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || a.method.localeCompare(b.method)),
    timeToSignIn: [...times.values()].sort((a, b) => a.method.localeCompare(b.method)),
    fallback: {
      emailSignIns: Number(fallbackTotals[0]?.email ?? 0),
      byPasskeyHolders: Number(fallbackTotals[0]?.held ?? 0),
      people: fallbackPeople.map((row) => ({ userId: row.userId, email: row.email, count: Number(row.count) })),
    },
    enrolledByWeek: firstPasskeys
      .map((row) => ({ weekStarting: weekStart(Number(row.week)), newlyEnrolled: Number(row.count) }))
      .sort((a, b) => a.weekStarting.localeCompare(b.weekStarting)),
    phases: phases.flatMap((row) => {
      try {
        const detail = JSON.parse(row.detail ?? '{}') as { groupId?: unknown; preset?: unknown }
        if (typeof detail.groupId !== 'string' || typeof detail.preset !== 'string') return []
        if (query.groupId && detail.groupId !== query.groupId) return []
        return [{ at: row.createdAt, groupId: detail.groupId, preset: detail.preset }]
      } catch {
        return []
      }
    }),
    breakGlassSignIns: breakGlass.map((row) => ({ at: row.createdAt, userId: row.userId })),
    failureReasons: failures
      .map((row) => ({ method: row.method ?? 'unknown', reason: row.reason ?? 'unknown', count: Number(row.count) }))
      .sort((a, b) => a.method.localeCompare(b.method) || b.count - a.count || a.reason.localeCompare(b.reason)),
    support: Object.fromEntries(
      SUPPORT_EVENTS.map((type) => [type, Number(support.find((row) => row.type === type)?.count ?? 0)]),
    ) as RolloutFigures['support'],
    stepUps: [
      ...stepUps
        .reduce((methods, row) => {
          const method = row.method ?? 'unknown'
          const entry = methods.get(method) ?? { method, succeeded: 0, failed: 0 }
          if (row.result === 'failure') entry.failed += Number(row.count)
          else entry.succeeded += Number(row.count)
          return methods.set(method, entry)
        }, new Map<string, { method: string; succeeded: number; failed: number }>())
        .values(),
    ].sort((a, b) => a.method.localeCompare(b.method)),
    reports: {
      open: reports.find((row) => row.status === 'open')?._count ?? 0,
      resolved: reports.find((row) => row.status === 'resolved')?._count ?? 0,
    },
    nudge: { offered: Number(nudge[0]?.offered ?? 0), created: Number(nudge[0]?.created ?? 0), dismissed: Number(nudge[0]?.dismissed ?? 0) },
    toEnrol: toEnrol.map((row) => ({ userId: row.id, email: row.email, name: row.displayName })),
  }
}

/** Every active person of a group without a passkey (at most 10,000), by address, for the "still to enrol" download. */
export async function peopleToEnrol(groupId: string): Promise<{ email: string; name: string | null }[]> {
  const rows = await db().user.findMany({
    where: { groupId, status: 'active', passkeys: { none: {} } },
    orderBy: { email: 'asc' },
    take: 10_000,
    select: { email: true, displayName: true },
  })
  return rows.map((row) => ({ email: row.email, name: row.displayName }))
}
