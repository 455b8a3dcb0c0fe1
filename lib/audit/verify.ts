import 'server-only'
import { db } from '../db'
import { unsealedRowsWhere } from './chain'
import { CHECKPOINT_SELECT, SEALED_SELECT, checkpointMac, genesisHead, personalDigest, rowSeal, same } from './seal'

/**
 * Verification of the sealed audit log (docs/decisions/0015-sealed-audit-log.md):
 * recomputes the chain from the newest prune checkpoint, batch by batch, and
 * names the first row or checkpoint that no longer matches. Writes nothing.
 */

export type VerifyProblem =
  | {
      /** The first row (by seq) or checkpoint that no longer matches. */
      seq: number
      eventId: string | null
      what: 'changed' | 'missing' | 'inserted' | 'checkpoint'
    }
  /** The oldest row that turned up behind the sealed head, kept out of the chain (chain.ts). */
  | { seq: null; eventId: string; what: 'late'; at: Date }
export type VerifyReport = { ok: true; rows: number; unsealed: number; from: number } | { ok: false; rows: number; unsealed: number; problem: VerifyProblem }

type Walk = { head: string; expected: number; rows: number }

/**
 * Recomputes the chain over rows `walk.expected`..`until` (by seq), reading
 * 2,000 at a time; moves `walk` on, or names the first row that no longer
 * matches (a changed field, a wrong seal, a gap).
 */
export async function walkRows(walk: Walk, until: number): Promise<VerifyProblem | null> {
  while (walk.expected <= until) {
    const page = await db().auditEvent.findMany({
      where: { seq: { gte: walk.expected, lte: until } },
      orderBy: { seq: 'asc' },
      take: 2000,
      select: { ...SEALED_SELECT, seq: true, digest: true, seal: true, redactedAt: true },
    })
    if (page.length === 0) return { seq: walk.expected, eventId: null, what: 'missing' }
    for (const row of page) {
      if (row.seq !== walk.expected) return { seq: walk.expected, eventId: null, what: 'missing' }
      // Erased with the account: the personal fields are gone, their digest still chains the row.
      const erased = row.redactedAt !== null && row.userId === null && row.ipAddress === null && row.userAgent === null && row.detail === null
      const digestHolds = row.digest !== null && (erased || same(row.digest, personalDigest(row)))
      const head = rowSeal(walk.head, walk.expected, row, row.digest ?? '')
      if (!digestHolds || row.seal === null || !same(row.seal, head)) return { seq: walk.expected, eventId: row.id, what: 'changed' }
      walk.head = head
      walk.rows += 1
      walk.expected += 1
    }
  }
  return null
}

/** Where verification starts: after the newest prune checkpoint, or at the start. */
export async function startOfChain(): Promise<{ walk: Walk; from: number } | { problem: VerifyProblem }> {
  const anchor = await db().auditCheckpoint.findFirst({ where: { kind: 'pruned' }, orderBy: { lastSeq: 'desc' }, select: CHECKPOINT_SELECT })
  if (anchor && !same(anchor.mac, checkpointMac(anchor))) return { problem: { seq: anchor.lastSeq, eventId: null, what: 'checkpoint' } }
  const from = anchor?.lastSeq ?? 0
  return { walk: { head: anchor?.head ?? genesisHead(), expected: from + 1, rows: 0 }, from }
}

/**
 * Recomputes the whole chain, batch by batch up to the newest sealed
 * checkpoint, and stops at the first row or checkpoint that does not match.
 * Writes nothing.
 */
export async function verifyLog(): Promise<VerifyReport> {
  const outside = await unsealedRowsWhere()
  const unsealed = await db().auditEvent.count({ where: outside.waiting })
  const start = await startOfChain()
  if ('problem' in start) return { ok: false, rows: 0, unsealed, problem: start.problem }
  const { walk, from } = start
  const fail = (problem: VerifyProblem): VerifyReport => ({ ok: false, rows: walk.rows, unsealed, problem })
  for (;;) {
    const checkpoints = await db().auditCheckpoint.findMany({
      where: { kind: 'sealed', lastSeq: { gte: walk.expected } },
      orderBy: { lastSeq: 'asc' },
      take: 500,
      select: CHECKPOINT_SELECT,
    })
    for (const checkpoint of checkpoints) {
      if (!same(checkpoint.mac, checkpointMac(checkpoint))) return fail({ seq: checkpoint.lastSeq, eventId: null, what: 'checkpoint' })
      const problem = await walkRows(walk, checkpoint.lastSeq)
      if (problem) return fail(problem)
      // The batch's rows are all there and unchanged, yet the checkpoint names another head: the checkpoint was altered.
      if (!same(checkpoint.head, walk.head)) return fail({ seq: checkpoint.lastSeq, eventId: null, what: 'checkpoint' })
    }
    if (checkpoints.length < 500) break
  }
  // A sealed row that no checkpoint vouches for was written into the chain from outside.
  const stray = await db().auditEvent.findFirst({ where: { seq: { gte: walk.expected } }, orderBy: { seq: 'asc' }, select: { id: true, seq: true } })
  if (stray) return fail({ seq: stray.seq!, eventId: stray.id, what: 'inserted' })
  // A row behind the sealed head stays outside the chain: refused, or to be refused by the next seal.
  const late = await db().auditEvent.findFirst({
    where: outside.late,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, createdAt: true },
  })
  if (late) return fail({ seq: null, eventId: late.id, what: 'late', at: late.createdAt })
  return { ok: true, rows: walk.rows, unsealed, from }
}

/** The newest batch checkpoint, to keep a copy of outside the database. */
export async function newestCheckpoint() {
  return db().auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true, head: true, createdAt: true } })
}

/** A verification problem in a sentence, for the console and the admin page. */
export function describeProblem(problem: VerifyProblem): string {
  if (problem.what === 'late')
    return `event ${problem.eventId}, dated ${problem.at.toISOString()}, turned up after newer rows were sealed (backdated, or written far too late) and was kept out of the chain`
  const row = `row ${problem.seq}${problem.eventId ? ` (event ${problem.eventId})` : ''}`
  if (problem.what === 'changed') return `${row} was changed after it was sealed`
  if (problem.what === 'missing') return `${row} is missing: it was deleted after it was sealed`
  if (problem.what === 'inserted') return `${row} was written into the chain without the sealer`
  return `the checkpoint at row ${problem.seq} was changed or forged`
}
