import 'server-only'
import { takeWorkLock } from '../work-lock'
import { db } from '../db'
import { SEALER_LOCK, checkpointMac } from './seal'
import { startOfChain, walkRows, type VerifyProblem } from './verify'

/**
 * Retention: deletes the sealed rows older than `cutoff` from the start of
 * the chain up to the first one that is not (a row written late stays until
 * the rows before it go), after checking that prefix still verifies, and
 * leaves a keyed checkpoint of its head so what remains verifies from there.
 * A prefix that does not verify is kept, and the problem returned.
 */
export async function pruneSealed(cutoff: Date, now = new Date()): Promise<{ pruned: number; problem: VerifyProblem | null }> {
  const start = await startOfChain()
  if ('problem' in start) return { pruned: 0, problem: start.problem }
  let last = start.from
  for (;;) {
    const page = await db().auditEvent.findMany({
      where: { seq: { gt: last } },
      orderBy: { seq: 'asc' },
      take: 1000,
      select: { seq: true, createdAt: true },
    })
    const stop = page.findIndex((row) => row.createdAt >= cutoff)
    last = stop === -1 ? (page.at(-1)?.seq ?? last) : stop > 0 ? page[stop - 1]!.seq! : last
    if (stop !== -1 || page.length < 1000) break
  }
  if (last === start.from) return { pruned: 0, problem: null }
  const problem = await walkRows(start.walk, last)
  if (problem) return { pruned: 0, problem }
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SEALER_LOCK)
      const { count } = await tx.auditEvent.deleteMany({ where: { seq: { gt: start.from, lte: last } } })
      const checkpoint = { kind: 'pruned', lastSeq: last, head: start.walk.head, rows: count, createdAt: now }
      await tx.auditCheckpoint.create({ data: { ...checkpoint, mac: checkpointMac(checkpoint) }, select: { id: true } })
      // Batch checkpoints inside the pruned prefix have nothing left to vouch for; the one at its end (if any)
      // stays, as the sealer continues the chain from the newest batch checkpoint.
      await tx.auditCheckpoint.deleteMany({ where: { kind: 'sealed', lastSeq: { lt: last } } })
      return { pruned: count, problem: null }
    },
    { timeout: 60_000 },
  )
}
