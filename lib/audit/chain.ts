import 'server-only'
import { takeWorkLock } from '../work-lock'
import { db } from '../db'
import { log } from '../ops/log'
import { recordEvent } from './record'
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
 */

const BATCH = 500
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

/** Keeps rows that turned up behind the sealed head out of the chain, once each: marked, logged and recorded. */
async function refuse(tx: Pick<ReturnType<typeof db>, 'auditEvent'>, rows: SealedFields[], upTo: Date, now: Date): Promise<void> {
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
 * run from several places: one sealer works at a time.
 */
export async function sealPending(now = new Date()): Promise<{ sealed: number; refused: number }> {
  const total = { sealed: 0, refused: 0 }
  for (;;) {
    const batch = await sealBatch(now)
    total.sealed += batch.sealed
    total.refused += batch.refused
    if (batch.sealed + batch.refused < BATCH) break
  }
  // What is sealed can be summed up for the rollout dashboard (rollup.ts).
  await rollUpSignIns()
  return total
}

async function sealBatch(now: Date): Promise<{ sealed: number; refused: number }> {
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SEALER_LOCK)
      const last = await newestSealed(tx)
      const upTo = await sealedUpTo(tx, last)
      const taken = await tx.auditEvent.findMany({
        where: { seq: null, refusedAt: null, createdAt: { lte: new Date(now.getTime() - SETTLE_MS) } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH,
        select: SEALED_SELECT,
      })
      // In time order, the rows behind the head come first.
      const late = upTo ? taken.filter((row) => row.createdAt < upTo) : []
      if (late.length) await refuse(tx, late, upTo!, now)
      const rows = taken.slice(late.length)
      if (rows.length === 0) return { sealed: 0, refused: late.length }
      let seq = last?.lastSeq ?? 0
      let head = last?.head ?? genesisHead()
      for (const row of rows) {
        seq += 1
        const digest = personalDigest(row)
        head = rowSeal(head, seq, row, digest)
        // seq: null in the where: a row is sealed once, whatever another sealer did.
        const { count } = await tx.auditEvent.updateMany({ where: { id: row.id, seq: null }, data: { seq, digest, seal: head } })
        if (count !== 1) throw new Error('The audit log changed while it was being sealed; the batch was rolled back.')
      }
      const checkpoint = { kind: 'sealed', lastSeq: seq, head, rows: rows.length, createdAt: now }
      await tx.auditCheckpoint.create({ data: { ...checkpoint, mac: checkpointMac(checkpoint) }, select: { id: true } })
      return { sealed: rows.length, refused: late.length }
    },
    { timeout: 60_000 },
  )
}
