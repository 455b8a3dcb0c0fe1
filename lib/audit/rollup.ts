import 'server-only'
import { takeWorkLock } from '../work-lock'
import { join, sqltag } from '@prisma/client/runtime/client'
import { db } from '../db'
import { isShuttingDown } from '../ops/shutdown'
import { sqlDialect } from '../sql-dialect'
import { yieldToRequests } from '../yield'

/**
 * Rolls the sealed audit log's sign-ins up into SignInDay and FallbackDay
 * (ADR 17), after each sealing run: the rollout dashboard then reads a few
 * thousand summary rows for any period instead of every sign-in event in it.
 * Only sealed rows are rolled up, by seq, so each is counted exactly once: the
 * mark moves in the same transaction as the counts, and a conditional update
 * of the mark makes a concurrent roller roll back instead of counting twice.
 */

/** Upper bounds (ms) of the time-to-sign-in buckets: percentiles are read as "at most" the bucket's bound. */
export const DURATION_BUCKETS_MS = [
  500, 1_000, 2_000, 3_000, 5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 300_000, 600_000, 86_400_000,
] as const

const MARK = 'sign_in'
/**
 * Rows of the log (by seq) rolled up per transaction: catching up on a large
 * log goes in short transactions, with a turn for requests between them
 * (docs/decisions/0021-background-work-in-short-turns.md).
 */
const STEP = 2_000
const ROLLUP_LOCK = 7_231_956

/** Rolls up what is sealed; on shutdown it stops after the step under way, and the next run goes on from the mark. */
export async function rollUpSignIns(): Promise<{ rolledUpTo: number }> {
  for (;;) {
    const started = performance.now()
    const step = await rollUpStep()
    if (step.done || isShuttingDown()) return { rolledUpTo: step.seq }
    await yieldToRequests(performance.now() - started)
  }
}

async function rollUpStep(): Promise<{ done: boolean; seq: number }> {
  const sql = sqlDialect()
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, ROLLUP_LOCK)
      const mark = (await tx.rollupMark.findUnique({ where: { name: MARK }, select: { seq: true } }))?.seq ?? 0
      const newest = (await tx.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0
      if (newest <= mark) return { done: true, seq: mark }
      const upTo = Math.min(newest, mark + STEP)
      const duration = sql.durationMs(sqltag`e."detail"`)
      const held = sqltag`e."result" = 'success' AND e."method" IN ('email_code', 'magic_link', 'sms_code')
        AND EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = e."userId" AND p."createdAt" <= e."createdAt")`
      const bucket = sqltag`CASE WHEN e."result" <> 'success' OR ${duration} IS NULL THEN 0 ${join(
        DURATION_BUCKETS_MS.map((bound) => sqltag`WHEN ${duration} <= ${bound} THEN ${bound}`),
        ' ',
      )} ELSE ${DURATION_BUCKETS_MS.at(-1)!} END`
      const day = sql.day(sqltag`e."createdAt"`)
      // An upsert after INSERT … SELECT: the GROUP BY before ON CONFLICT keeps SQLite from reading ON as a join constraint.
      await tx.$executeRaw`
        INSERT INTO "SignInDay" ("day", "groupId", "method", "result", "reason", "heldPasskey", "durationBucket", "count")
        SELECT s."day", s."groupId", s."method", s."result", s."reason", s."held", s."bucket", COUNT(*) FROM (
          SELECT ${day} AS "day", COALESCE(u."groupId", '') AS "groupId", COALESCE(e."method", 'unknown') AS "method", e."result",
            COALESCE(e."reason", '') AS "reason", ${sql.boolean(held)} AS "held", ${bucket} AS "bucket"
          FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."userId"
          WHERE e."type" = 'sign_in' AND e."seq" > ${mark} AND e."seq" <= ${upTo}
        ) s
        GROUP BY s."day", s."groupId", s."method", s."result", s."reason", s."held", s."bucket"
        ON CONFLICT ("day", "groupId", "method", "result", "reason", "heldPasskey", "durationBucket")
        DO UPDATE SET "count" = "SignInDay"."count" + excluded."count"`
      await tx.$executeRaw`
        INSERT INTO "FallbackDay" ("day", "userId", "groupId", "count")
        SELECT ${day}, e."userId", u."groupId", COUNT(*)
        FROM "AuditEvent" e JOIN "User" u ON u."id" = e."userId"
        WHERE e."type" = 'sign_in' AND e."seq" > ${mark} AND e."seq" <= ${upTo} AND ${held}
        GROUP BY 1, 2, 3
        ON CONFLICT ("day", "userId") DO UPDATE SET "count" = "FallbackDay"."count" + excluded."count"`
      const { count } = await tx.rollupMark.updateMany({ where: { name: MARK, seq: mark }, data: { seq: upTo } })
      if (count !== 1) throw new Error('Another process rolled up the audit log meanwhile; this step was rolled back.')
      return { done: upTo === newest, seq: upTo }
    },
    { timeout: 60_000 },
  )
}
