import 'server-only'
import { join, sqltag } from '@prisma/client/runtime/client'
import { takeWorkLock } from '../work-lock'
import { db } from '../db'
import { log } from '../ops/log'
import { isShuttingDown } from '../ops/shutdown'
import { yieldToRequests } from '../yield'
import { recordEvent, type AuditClient } from './record'
import { rollUpSignIns } from './rollup'
import { CHECKPOINT_SELECT, SEALED_SELECT, SEALER_LOCK, checkpointMac, genesisHead, personalDigest, rowSeal, same, type SealedFields } from './seal'

/**
 * The audit log's sealer (docs/decisions/0015-sealed-audit-log.md). Writers
 * only INSERT (one statement, no lock, no read of the previous row), so
 * sign-ins on several instances never wait for each other. One sealer at a
 * time (a transaction-scoped advisory lock on PostgreSQL; SQLite has one
 * writer) takes the unsealed rows in time order, numbers them (seq) and
 * chains them: each row's seal is a keyed MAC over the previous row's seal
 * and its own fields (seal.ts), and each batch ends in a keyed checkpoint of
 * the head. Verification (verify.ts) recomputes the chain; retention
 * (retention.ts) deletes a verified prefix.
 *
 * The chain only grows forward in time: the sealer takes rows once they are
 * SETTLE_MS old, and a row older than the sealed head that turns up later
 * (backdated, or written by a writer stalled that long) is refused: it stays
 * outside the chain, marked, logged and recorded, and verification names it.
 *
 * A batch is read and its MACs computed outside any transaction; one short
 * transaction then checks that the head is still the one it chained from
 * and writes the batch in one statement (ADR 21), so a backlog of any size
 * is sealed in turns that requests slip between.
 */

/** Rows per batch: one write transaction stays within a few milliseconds on SQLite, where every request waits for it. */
const BATCH = 1_000
/**
 * How old a row must be before it is sealed. A row's time is taken by the
 * server that writes it, before its transaction commits, so rows commit
 * slightly out of time order; waiting this long means every row whose
 * transaction commits within it (on a server whose clock is within it of the
 * sealer's) is there when the sealer passes its time. Only a row that turns
 * up later than that can be older than the sealed head. Far above a
 * transaction's 5 s limit and SQLite's 10 s wait for its lock.
 */
export const SETTLE_MS = 30_000

type Reader = Pick<ReturnType<typeof db>, 'auditEvent' | 'auditCheckpoint'>
type Checkpoint = { kind: string; lastSeq: number; head: string; rows: number; createdAt: Date; mac: string }

const newestSealed = (client: Reader): Promise<Checkpoint | null> =>
  client.auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: CHECKPOINT_SELECT })

/**
 * The time the chain is sealed up to: an unsealed row older than this turned
 * up after the sealer had passed its time. It is the head row's time, bounded
 * by the newest checkpoint's (keyed) time less SETTLE_MS, which no sealed row
 * is younger than, so moving the head row's time forward in the database
 * cannot make the sealer refuse honest rows. Null before the first seal, or
 * when the head row is gone and its checkpoint does not verify (verification
 * names both).
 */
async function sealedUpTo(client: Reader, last: Checkpoint | null): Promise<Date | null> {
  if (!last) return null
  const headRow = await client.auditEvent.findUnique({ where: { seq: last.lastSeq }, select: { createdAt: true } })
  const bound = same(last.mac, checkpointMac(last)) ? new Date(last.createdAt.getTime() - SETTLE_MS) : null
  if (!headRow) return bound
  return bound && bound < headRow.createdAt ? bound : headRow.createdAt
}

/** The unsealed rows, split: `waiting` to be sealed, and `late` (refused already, or older than the sealed head) outside the chain for good. */
export async function unsealedRowsWhere(client: Reader = db()) {
  const upTo = await sealedUpTo(client, await newestSealed(client))
  return {
    waiting: { seq: null, refusedAt: null, ...(upTo ? { createdAt: { gte: upTo } } : {}) },
    late: { seq: null, OR: [{ refusedAt: { not: null } }, ...(upTo ? [{ createdAt: { lt: upTo } }] : [])] },
  }
}

type Planned = { id: string; seq: number; digest: string; seal: string }
type Plan = { last: Checkpoint | null; upTo: Date | null; late: SealedFields[]; rows: Planned[]; taken: number }

/** Keeps rows that turned up behind the sealed head out of the chain, once each: marked, logged and recorded. */
async function refuse(tx: AuditClient, rows: SealedFields[], upTo: Date, now: Date): Promise<void> {
  const { count } = await tx.auditEvent.updateMany({ where: { id: { in: rows.map((row) => row.id) }, seq: null, refusedAt: null }, data: { refusedAt: now } })
  if (count !== rows.length) throw new Error('The audit log changed while it was being sealed; the batch was rolled back.')
  for (const row of rows) {
    const facts = { eventId: row.id, eventType: row.type, eventAt: row.createdAt.toISOString(), sealedUpTo: upTo.toISOString() }
    log().warn(facts, 'An audit row older than the sealed head turned up; it was kept out of the chain.')
    await recordEvent({ type: 'audit_row_refused', result: 'failure', userId: null, detail: facts }, now, tx)
  }
}

/**
 * Seals every row at least SETTLE_MS old, in batches, then rolls up their
 * sign-ins; returns how many rows were sealed and how many refused. Safe to
 * run from several places: one sealer writes at a time. Between batches it
 * lets requests run, and on shutdown it stops after the batch under way:
 * the rest is sealed by the next run, here or on another instance.
 */
export async function sealPending(now = new Date()): Promise<{ sealed: number; refused: number }> {
  const total = { sealed: 0, refused: 0 }
  for (;;) {
    const started = performance.now()
    const batch = await sealBatch(now)
    total.sealed += batch.sealed
    total.refused += batch.refused
    if (batch.taken < BATCH) break
    if (isShuttingDown()) return total
    await yieldToRequests(performance.now() - started)
  }
  // What is sealed can be summed up for the rollout dashboard (rollup.ts).
  await rollUpSignIns()
  return total
}

/** One batch: planned outside the lock, written if the head has not moved meanwhile, planned again if it has. */
async function sealBatch(now: Date): Promise<{ sealed: number; refused: number; taken: number }> {
  for (;;) {
    const started = performance.now()
    const plan = await planBatch(now)
    if (plan.taken === 0) return { sealed: 0, refused: 0, taken: 0 }
    if (await writeBatch(plan, now)) return { sealed: plan.rows.length, refused: plan.late.length, taken: plan.taken }
    // Another sealer wrote a batch meanwhile: plan again from its head.
    await yieldToRequests(performance.now() - started)
  }
}

/** Reads the oldest settled rows (from the index on refusedAt, seq, createdAt, id) and chains them from the newest checkpoint; writes nothing. */
async function planBatch(now: Date): Promise<Plan> {
  const last = await newestSealed(db())
  const upTo = await sealedUpTo(db(), last)
  const taken = await db().auditEvent.findMany({
    where: { seq: null, refusedAt: null, createdAt: { lte: new Date(now.getTime() - SETTLE_MS) } },
    // Time order: refusedAt and seq are null in every row taken, and naming them lets PostgreSQL read the order from the index.
    orderBy: [{ refusedAt: 'asc' }, { seq: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    take: BATCH,
    select: SEALED_SELECT,
  })
  // In time order, the rows behind the head come first.
  const late = upTo ? taken.filter((row) => row.createdAt < upTo) : []
  let seq = last?.lastSeq ?? 0
  let head = last?.head ?? genesisHead()
  const rows = taken.slice(late.length).map((row) => {
    seq += 1
    const digest = personalDigest(row)
    head = rowSeal(head, seq, row, digest)
    return { id: row.id, seq, digest, seal: head }
  })
  return { last, upTo, late, rows, taken: taken.length }
}

/** Writes a planned batch in one short transaction; false (nothing written) when the head moved since it was planned. */
async function writeBatch({ last, upTo, late, rows }: Plan, now: Date): Promise<boolean> {
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SEALER_LOCK)
      const current = await newestSealed(tx)
      if ((current?.lastSeq ?? 0) !== (last?.lastSeq ?? 0) || current?.head !== last?.head) return false
      if (late.length) await refuse(tx, late, upTo!, now)
      if (rows.length === 0) return true
      // One statement for the batch; seq IS NULL: a row is sealed once, whatever another sealer did. Its unary +
      // keeps SQLite from reading the backlog through the unique seq index (without statistics it takes IS NULL
      // there for one row) instead of finding each row by id.
      const values = join(rows.map((row) => sqltag`(${row.id}, CAST(${row.seq} AS INTEGER), ${row.digest}, ${row.seal})`))
      const count = await tx.$executeRaw`
        WITH v ("id", "seq", "digest", "seal") AS (VALUES ${values})
        UPDATE "AuditEvent" SET "seq" = v."seq", "digest" = v."digest", "seal" = v."seal"
        FROM v WHERE "AuditEvent"."id" = v."id" AND +"AuditEvent"."seq" IS NULL`
      if (count !== rows.length) throw new Error('The audit log changed while it was being sealed; the batch was rolled back.')
      const tail = rows.at(-1)!
      const checkpoint = { kind: 'sealed', lastSeq: tail.seq, head: tail.seal, rows: rows.length, createdAt: now }
      await tx.auditCheckpoint.create({ data: { ...checkpoint, mac: checkpointMac(checkpoint) }, select: { id: true } })
      return true
    },
    { timeout: 60_000 },
  )
}
