import 'server-only'
import { takeWorkLock } from '../work-lock'
import { db } from '../db'
import { rollUpSignIns } from './rollup'
import { SEALED_SELECT, SEALER_LOCK, checkpointMac, genesisHead, personalDigest, rowSeal } from './seal'

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
 */

const BATCH = 500

/** Seals every row written so far, in batches, then rolls up their sign-ins; returns how many. Safe to run from several places: one sealer works at a time. */
export async function sealPending(now = new Date()): Promise<{ sealed: number }> {
  let sealed = 0
  for (;;) {
    const batch = await sealBatch(now)
    sealed += batch
    if (batch < BATCH) break
  }
  // What is sealed can be summed up for the rollout dashboard (rollup.ts).
  await rollUpSignIns()
  return { sealed }
}

async function sealBatch(now: Date): Promise<number> {
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SEALER_LOCK)
      const last = await tx.auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true, head: true } })
      const rows = await tx.auditEvent.findMany({
        where: { seq: null },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH,
        select: SEALED_SELECT,
      })
      if (rows.length === 0) return 0
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
      return rows.length
    },
    { timeout: 60_000 },
  )
}
