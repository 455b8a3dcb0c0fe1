import 'server-only'
import { takeWorkLock } from '../work-lock'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { derivedKey } from '../crypto'
import { db } from '../db'
import { rollUpSignIns } from './rollup'

/**
 * The audit log's seal (docs/decisions/0015-sealed-audit-log.md). Writers
 * only INSERT (one statement, no lock, no read of the previous row), so
 * sign-ins on several instances never wait for each other. One sealer at a
 * time (a transaction-scoped advisory lock on PostgreSQL; SQLite has one
 * writer) takes the unsealed rows in time order, numbers them (seq) and
 * chains them: each row's seal is a keyed MAC over the previous row's seal
 * and its own fields, and each batch ends in a keyed checkpoint of the head.
 * Verification recomputes the chain from the newest prune checkpoint and
 * names the first row that no longer matches.
 *
 * The person's own fields (who, from where, details) enter the chain through
 * their own MAC (`digest`), so erasing them with the account keeps the chain
 * verifiable while any other change to them still shows; who acted on them
 * is sealed directly and survives the erasure. The session id is
 * a link for display, rewritten when a session rotates on step-up, and is
 * not sealed.
 */

const BATCH = 500
/** Any fixed number: the key of PostgreSQL's advisory lock that lets one sealer run at a time. */
const SEALER_LOCK = 7_231_955
const GENESIS = 'genesis'

type SealedFields = {
  id: string
  type: string
  result: string
  method: string | null
  reason: string | null
  actorId: string | null
  actorName: string | null
  createdAt: Date
}
type PersonalFields = { userId: string | null; ipAddress: string | null; userAgent: string | null; detail: string | null }

const CHECKPOINT_SELECT = { kind: true, lastSeq: true, head: true, rows: true, createdAt: true, mac: true } as const

const SEALED_SELECT = {
  id: true,
  type: true,
  result: true,
  method: true,
  reason: true,
  actorName: true,
  createdAt: true,
  userId: true,
  actorId: true,
  ipAddress: true,
  userAgent: true,
  detail: true,
} as const

function mac(...parts: (string | number | null)[]): string {
  return createHmac('sha256', derivedKey('audit-log-seal')).update(JSON.stringify(parts)).digest('base64url')
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function personalDigest(row: PersonalFields): string {
  return mac('personal', row.userId, row.ipAddress, row.userAgent, row.detail)
}

function rowSeal(previous: string, seq: number, row: SealedFields, digest: string): string {
  return mac('row', previous, seq, row.id, row.type, row.result, row.method, row.reason, row.actorId, row.actorName, row.createdAt.toISOString(), digest)
}

function checkpointMac(checkpoint: { kind: string; lastSeq: number; head: string; rows: number; createdAt: Date }): string {
  return mac('checkpoint', checkpoint.kind, checkpoint.lastSeq, checkpoint.head, checkpoint.rows, checkpoint.createdAt.toISOString())
}

export const genesisHead = () => mac(GENESIS)

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

export type VerifyProblem = {
  /** The first row (by seq) or checkpoint that no longer matches. */
  seq: number
  eventId: string | null
  what: 'changed' | 'missing' | 'inserted' | 'checkpoint'
}
export type VerifyReport = { ok: true; rows: number; unsealed: number; from: number } | { ok: false; rows: number; unsealed: number; problem: VerifyProblem }

type Walk = { head: string; expected: number; rows: number }

/**
 * Recomputes the chain over rows `walk.expected`..`until` (by seq), reading
 * 2,000 at a time; moves `walk` on, or names the first row that no longer
 * matches (a changed field, a wrong seal, a gap).
 */
async function walkRows(walk: Walk, until: number): Promise<VerifyProblem | null> {
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
async function startOfChain(): Promise<{ walk: Walk; from: number } | { problem: VerifyProblem }> {
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
  const unsealed = await db().auditEvent.count({ where: { seq: null } })
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
  return { ok: true, rows: walk.rows, unsealed, from }
}

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

/** The newest batch checkpoint, to keep a copy of outside the database. */
export async function newestCheckpoint() {
  return db().auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true, head: true, createdAt: true } })
}

/** A verification problem in a sentence, for the console and the admin page. */
export function describeProblem(problem: VerifyProblem): string {
  const row = `row ${problem.seq}${problem.eventId ? ` (event ${problem.eventId})` : ''}`
  if (problem.what === 'changed') return `${row} was changed after it was sealed`
  if (problem.what === 'missing') return `${row} is missing: it was deleted after it was sealed`
  if (problem.what === 'inserted') return `${row} was written into the chain without the sealer`
  return `the checkpoint at row ${problem.seq} was changed or forged`
}
