import 'server-only'
import { empty, join, sqltag } from '@prisma/client/runtime/client'
import { passkeyProvider } from '../auth/passkeys/providers'
import { db } from '../db'
import { DELIVERY_STATUSES, type DeliveryStatus } from '../email/delivery-status'
import { sqlDialect } from '../sql-dialect'

/**
 * The rollout dashboard's figures for a period and one group or all:
 * twelve statements (thirteen with a group) whatever the organisation's size,
 * each through an index (ADR 17). Sign-ins, the bulk of the history, come
 * from their daily rollups (SignInDay, FallbackDay), so they count whole UTC
 * days and lag the log by at most a sealing run (a minute); people and
 * passkeys from the snapshot the background job takes at most once a minute;
 * the provider's delivery news from its (sentAt, status) index.
 * The rarer events (recoveries, step-ups, offers, phase changes) are read from
 * the log through its (type, createdAt) index.
 */

export type RolloutQuery = { from: Date; to: Date; groupId: string | null }

export type Readiness = { ready: number; warning: number; noPasskey: number }
export type RolloutFigures = {
  /** When the background job last counted people and passkeys (snapshot.ts); null before its first run. */
  snapshotAt: Date | null
  enrolment: { group: string; active: number; withPasskey: number; readiness: Readiness }[]
  providers: { provider: string; synced: boolean; passkeys: number }[]
  signIns: { day: string; method: string; succeeded: number; failed: number }[]
  /** Request to session of successful sign-ins that recorded it, by method: nearest-rank median and 90th percentile. */
  timeToSignIn: { method: string; measured: number; medianMs: number; p90Ms: number }[]
  /** `textSignIns`: sign-ins by a texted code, the legacy channel an organisation retires (ADR 36). */
  fallback: { emailSignIns: number; byPasskeyHolders: number; textSignIns: number; people: { userId: string; email: string; count: number }[] }
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
  /** Passkeys by the system and browser families they were created on (null where the parser knew none, or before this was recorded). */
  devices: { os: string | null; browser: string | null; passkeys: number }[]
  /** Active people with a live session, by group: on a device that cannot create a passkey, on devices that can, or not reported. */
  capability: { group: string; cannotCreate: number; canCreate: number; unreported: number }[]
  /** Emails of the period by what the provider reported (all groups: a message is not kept with its group). */
  emailDelivery: Record<DeliveryStatus, number>
  /** With a group chosen: its first 50 active people without a passkey, by address. */
  toEnrol: { userId: string; email: string; name: string | null }[]
}

/** Lost-device events the dashboard counts per 1,000 people. */
export const SUPPORT_EVENTS = ['recovery_requested', 'account_recovered', 'access_code_issued', 'access_code_used', 'access_code_reported'] as const

/** What the provider column says of passkeys whose AAGUID no provider list names (the page words it in the reader's language). */
export const UNKNOWN_PROVIDER = 'Unknown provider'
/** How many of a group's people still to enrol the page lists (the download has all). */
export const TO_ENROL_LISTED = 50

const DAY_MS = 86_400_000
const FALLBACK_PEOPLE = 20

export async function rolloutFigures(query: RolloutQuery): Promise<RolloutFigures> {
  const sql = sqlDialect()
  // The sign-in rollups hold whole UTC days: the period's first day to the day of its last moment.
  const fromDay = query.from.toISOString().slice(0, 10)
  const toDay = new Date(query.to.getTime() - 1).toISOString().slice(0, 10)
  const daysInGroup = sqltag`s."day" >= ${fromDay} AND s."day" <= ${toDay} ${query.groupId ? sqltag`AND s."groupId" = ${query.groupId}` : empty}`
  const from = sql.time(query.from)
  const to = sql.time(query.to)
  // Events of the group's people: joined through the person only when a group is chosen.
  const eventJoin = query.groupId ? sqltag`JOIN "User" u ON u."id" = e."userId" AND u."groupId" = ${query.groupId}` : empty

  const [snapshot, signIns, durations, fallbackTotals, fallbackPeople, phases, breakGlass, failures, support, stepUps, reports, nudge, toEnrol] =
    await Promise.all([
      // People and passkeys: the background job's snapshot (snapshot.ts), not every row.
      db().rolloutSnapshot.findMany({
        where: query.groupId ? { groupId: query.groupId } : {},
        select: { groupId: true, kind: true, key: true, count: true, takenAt: true },
      }),
      db().$queryRaw<{ day: string; method: string; result: string; count: number | bigint }[]>`
      SELECT s."day", s."method", s."result", SUM(s."count") AS "count"
      FROM "SignInDay" s WHERE ${daysInGroup}
      GROUP BY 1, 2, 3`,
      // Time to sign in, by method and bucket: percentiles are read from the cumulative counts below.
      db().$queryRaw<{ method: string; bucket: number | bigint; count: number | bigint }[]>`
      SELECT s."method", s."durationBucket" AS "bucket", SUM(s."count") AS "count"
      FROM "SignInDay" s WHERE ${daysInGroup} AND s."result" = 'success' AND s."durationBucket" > 0
      GROUP BY 1, 2`,
      // Email sign-ins (and how many by passkey holders), and text-message ones: every texted code is a fallback.
      db().$queryRaw<{ email: number | bigint | null; held: number | bigint | null; texts: number | bigint | null }[]>`
      SELECT SUM(CASE WHEN s."method" = 'sms_code' THEN 0 ELSE s."count" END) AS "email",
        SUM(CASE WHEN s."heldPasskey" AND s."method" <> 'sms_code' THEN s."count" ELSE 0 END) AS "held",
        SUM(CASE WHEN s."method" = 'sms_code' THEN s."count" ELSE 0 END) AS "texts"
      FROM "SignInDay" s WHERE ${daysInGroup} AND s."result" = 'success' AND s."method" IN ('email_code', 'magic_link', 'sms_code')`,
      db().$queryRaw<{ userId: string; email: string; count: number | bigint }[]>`
      SELECT f."userId", w."email", f."count" FROM (
        SELECT s."userId", SUM(s."count") AS "count"
        FROM "FallbackDay" s WHERE ${daysInGroup}
        GROUP BY s."userId"
        ORDER BY 2 DESC, 1
        LIMIT ${FALLBACK_PEOPLE}
      ) f JOIN "User" w ON w."id" = f."userId"
      ORDER BY f."count" DESC, f."userId"`,
      db().auditEvent.findMany({
        where: { type: 'group_policy_changed', createdAt: { lt: query.to } },
        // Phases changed at the same moment keep the order they were written in, whatever the rows' places on disk.
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { createdAt: true, detail: true },
      }),
      db().auditEvent.findMany({
        where: { type: 'break_glass_sign_in', createdAt: { gte: query.from, lt: query.to } },
        orderBy: { createdAt: 'desc' },
        take: 100,
        select: { createdAt: true, userId: true },
      }),
      db().$queryRaw<{ method: string; reason: string; count: number | bigint }[]>`
      SELECT s."method", s."reason", SUM(s."count") AS "count"
      FROM "SignInDay" s WHERE ${daysInGroup} AND s."result" = 'failure'
      GROUP BY 1, 2`,
      // Lost-device events, and the period's emails by what the provider reported (all groups: a message is not
      // stored with its group), in one round trip: each half through its own index ((type, createdAt), (sentAt, status)).
      db().$queryRaw<{ type: string; count: number | bigint }[]>`
      SELECT e."type", COUNT(*) AS "count"
      FROM "AuditEvent" e ${eventJoin}
      WHERE e."type" IN (${join([...SUPPORT_EVENTS])}) AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
      GROUP BY 1
      UNION ALL
      SELECT 'email:' || d."status", COUNT(*) AS "count"
      FROM "EmailDelivery" d
      WHERE d."sentAt" >= ${from} AND d."sentAt" < ${to}
      GROUP BY d."status"`,
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
            take: TO_ENROL_LISTED,
            select: { id: true, email: true, displayName: true },
          })
        : Promise.resolve([]),
    ])

  const groups = new Map<string, { group: string; active: number; withPasskey: number; readiness: Readiness }>()
  const providers = new Map<string, { provider: string; synced: boolean; passkeys: number }>()
  const firstPasskeys = new Map<number, number>()
  const devices = new Map<string, { os: string | null; browser: string | null; passkeys: number }>()
  const capability = new Map<string, { group: string; cannotCreate: number; canCreate: number; unreported: number }>()
  for (const row of snapshot) {
    if (row.kind === 'people') {
      const entry = groups.get(row.groupId) ?? { group: row.groupId, active: 0, withPasskey: 0, readiness: { ready: 0, warning: 0, noPasskey: 0 } }
      entry.active += row.count
      if (row.key === 'no_passkey') entry.readiness.noPasskey += row.count
      else {
        entry.withPasskey += row.count
        entry.readiness[row.key === 'ready' ? 'ready' : 'warning'] += row.count
      }
      groups.set(row.groupId, entry)
    } else if (row.kind === 'provider') {
      const [aaguid = '', kind] = row.key.split('|')
      const provider = passkeyProvider(aaguid).name ?? UNKNOWN_PROVIDER
      const synced = kind === 'synced'
      const key = `${provider}\u0000${synced}`
      const entry = providers.get(key) ?? { provider, synced, passkeys: 0 }
      entry.passkeys += row.count
      providers.set(key, entry)
    } else if (row.kind === 'first_week') {
      firstPasskeys.set(Number(row.key), (firstPasskeys.get(Number(row.key)) ?? 0) + row.count)
    } else if (row.kind === 'device') {
      const entry = devices.get(row.key) ?? { os: row.key.split('|')[0] || null, browser: row.key.split('|')[1] || null, passkeys: 0 }
      entry.passkeys += row.count
      devices.set(row.key, entry)
    } else if (row.kind === 'capability') {
      const entry = capability.get(row.groupId) ?? { group: row.groupId, cannotCreate: 0, canCreate: 0, unreported: 0 }
      if (row.key === 'cannot_create') entry.cannotCreate += row.count
      else if (row.key === 'can_create') entry.canCreate += row.count
      else entry.unreported += row.count
      capability.set(row.groupId, entry)
    }
  }

  const days = new Map<string, { day: string; method: string; succeeded: number; failed: number }>()
  for (const row of signIns) {
    const key = `${row.day}\u0000${row.method}`
    const entry = days.get(key) ?? { day: row.day, method: row.method, succeeded: 0, failed: 0 }
    if (row.result === 'failure') entry.failed += Number(row.count)
    else entry.succeeded += Number(row.count)
    days.set(key, entry)
  }

  const times = new Map<string, { method: string; measured: number; medianMs: number; p90Ms: number }>()
  for (const method of new Set(durations.map((row) => row.method))) {
    const buckets = durations
      .filter((row) => row.method === method)
      .map((row) => ({ bound: Number(row.bucket), count: Number(row.count) }))
      .sort((a, b) => a.bound - b.bound)
    const measured = buckets.reduce((total, row) => total + row.count, 0)
    // Nearest rank: the bucket holding the ⌈p × n⌉-th fastest sign-in; its bound is what that sign-in took at most.
    const at = (p: number) => {
      let seen = 0
      return buckets.find((row) => (seen += row.count) >= Math.ceil((p * measured) / 100))?.bound ?? 0
    }
    times.set(method, { method, measured, medianMs: at(50), p90Ms: at(90) })
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
      textSignIns: Number(fallbackTotals[0]?.texts ?? 0),
      people: fallbackPeople.map((row) => ({ userId: row.userId, email: row.email, count: Number(row.count) })),
    },
    snapshotAt: snapshot.reduce<Date | null>((newest, row) => (newest && newest >= row.takenAt ? newest : row.takenAt), null),
    enrolledByWeek: [...firstPasskeys]
      .map(([week, count]) => ({ weekStarting: weekStart(week), newlyEnrolled: count }))
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
      .map((row) => ({ method: row.method, reason: row.reason || 'unknown', count: Number(row.count) }))
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
    // Most passkeys first; the families the parser did not know last.
    devices: [...devices.values()].sort(
      (a, b) =>
        b.passkeys - a.passkeys ||
        Number(a.os === null) - Number(b.os === null) ||
        (a.os ?? '').localeCompare(b.os ?? '') ||
        (a.browser ?? '').localeCompare(b.browser ?? ''),
    ),
    capability: [...capability.values()].sort((a, b) => a.group.localeCompare(b.group)),
    emailDelivery: Object.fromEntries(
      DELIVERY_STATUSES.map((status) => [status, Number(support.find((row) => row.type === `email:${status}`)?.count ?? 0)]),
    ) as RolloutFigures['emailDelivery'],
  }
}

/** Every active person of a group without a passkey (at most 10,000), by address, for the "still to enrol" download. */
export async function peopleToEnrol(groupId: string): Promise<{ userId: string; email: string; name: string | null }[]> {
  const rows = await db().user.findMany({
    where: { groupId, status: 'active', passkeys: { none: {} } },
    orderBy: { email: 'asc' },
    take: 10_000,
    select: { id: true, email: true, displayName: true },
  })
  return rows.map((row) => ({ userId: row.id, email: row.email, name: row.displayName }))
}
