import 'server-only'
import { takeWorkLock } from '../work-lock'
import { db } from '../db'
import { isShuttingDown } from '../ops/shutdown'
import { yieldToRequests } from '../yield'
import { SEALER_LOCK, checkpointMac } from './seal'
import { startOfChain, walkRows, type VerifyProblem } from './verify'

/** Rows deleted per transaction: on SQLite every writer, in this process or another, waits while one is open. */
const STEP = 2_000

/**
 * Retention: deletes the sealed rows older than `cutoff` from the start of
 * the chain up to the first one that is not (a row written late stays until
 * the rows before it go), after checking that prefix still verifies, and
 * leaves a keyed checkpoint of its head so what remains verifies from there.
 * A prefix that does not verify is kept, and the problem returned. The
 * verified prefix goes in short transactions of STEP rows, each leaving the
 * checkpoint of its own end (and dropping the one before, written by this
 * run), with a turn for requests between them; on shutdown it stops after
 * the step under way, and what remains still verifies.
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
  // The whole prefix is verified before anything goes, keeping the head at the end of each step.
  const steps: { upTo: number; head: string }[] = []
  for (let upTo = Math.min(last, start.from + STEP); ; upTo = Math.min(last, upTo + STEP)) {
    const problem = await walkRows(start.walk, upTo)
    if (problem) return { pruned: 0, problem }
    steps.push({ upTo, head: start.walk.head })
    if (upTo === last) break
  }
  let pruned = 0
  let from = start.from
  for (const step of steps) {
    const started = performance.now()
    const count = await pruneStep(from, step, now, from !== start.from)
    if (count === null) break
    pruned += count
    from = step.upTo
    if (isShuttingDown()) break
    await yieldToRequests(performance.now() - started)
  }
  return { pruned, problem: null }
}

/**
 * Deletes the rows after `from` up to `step.upTo` and leaves its checkpoint, dropping the one at `from` when this run
 * wrote it; null (nothing done) when another pruner moved the start meanwhile.
 */
async function pruneStep(from: number, step: { upTo: number; head: string }, now: Date, dropPrevious: boolean): Promise<number | null> {
  return db().$transaction(
    async (tx) => {
      await takeWorkLock(tx, SEALER_LOCK)
      const start = await tx.auditCheckpoint.findFirst({ where: { kind: 'pruned' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true } })
      if ((start?.lastSeq ?? 0) !== from) return null
      const { count } = await tx.auditEvent.deleteMany({ where: { seq: { gt: from, lte: step.upTo } } })
      const checkpoint = { kind: 'pruned', lastSeq: step.upTo, head: step.head, rows: count, createdAt: now }
      await tx.auditCheckpoint.create({ data: { ...checkpoint, mac: checkpointMac(checkpoint) }, select: { id: true } })
      // The previous step's checkpoint and the batch checkpoints inside the pruned prefix have nothing left to
      // vouch for; the one at its end (if any) stays, as the sealer continues the chain from the newest one.
      if (dropPrevious) await tx.auditCheckpoint.deleteMany({ where: { kind: 'pruned', lastSeq: from } })
      await tx.auditCheckpoint.deleteMany({ where: { kind: 'sealed', lastSeq: { lt: step.upTo } } })
      return count
    },
    { timeout: 60_000 },
  )
}
