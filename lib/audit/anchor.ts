import 'server-only'
import { db } from '../db'
import { env } from '../env'
import { AnchorUnreadable, appendAnchorFile, readAnchorFile, readAnchorUrl, type AnchoredHead } from './anchor-store'
import { CHECKPOINT_SELECT, checkpointMac, same } from './seal'

/**
 * The audit chain's head kept outside the database
 * (docs/decisions/0015-sealed-audit-log.md). Inside the database nothing can
 * tell that the newest rows were cut off together with their checkpoints, or
 * that an older copy was restored: the shorter chain verifies. So after each
 * seal `npm run maintenance` appends the newest head to AUDIT_ANCHOR_FILE,
 * and verification requires the anchored head (from the file, and from
 * AUDIT_ANCHOR_URL) to be in the chain at its position with the same hash.
 * Someone who can only write to the database cannot change either.
 */

export type AnchorConfig = { file?: string; url?: string }
export type AnchorKind = 'file' | 'url'

export type AnchorCheck =
  | { kind: AnchorKind; status: 'none' }
  | { kind: AnchorKind; status: 'unreadable'; reason: string }
  /** matched: in the chain. retired: retention removed that position since, so the anchor is too old to compare. */
  | { kind: AnchorKind; status: 'matched' | 'retired' | 'cut' | 'diverged'; anchored: AnchoredHead }

export const anchorFailed = (check: AnchorCheck) => check.status === 'unreadable' || check.status === 'cut' || check.status === 'diverged'

/** Whether the chain holds `anchored.head` at `anchored.lastSeq`: its row's seal, or a keyed checkpoint there. */
async function compare(anchored: AnchoredHead): Promise<'matched' | 'retired' | 'cut' | 'diverged'> {
  const row = await db().auditEvent.findUnique({ where: { seq: anchored.lastSeq }, select: { seal: true } })
  if (row) return row.seal !== null && same(row.seal, anchored.head) ? 'matched' : 'diverged'
  // The row went with retention: a checkpoint at that position vouches for its head.
  const checkpoints = await db().auditCheckpoint.findMany({
    where: { kind: { in: ['sealed', 'pruned'] }, lastSeq: anchored.lastSeq },
    select: CHECKPOINT_SELECT,
  })
  const keyed = checkpoints.filter((checkpoint) => same(checkpoint.mac, checkpointMac(checkpoint)))
  if (keyed.some((checkpoint) => same(checkpoint.head, anchored.head))) return 'matched'
  if (keyed.length) return 'diverged'
  const [pruned, newest] = await Promise.all([
    db().auditCheckpoint.findFirst({ where: { kind: 'pruned' }, orderBy: { lastSeq: 'desc' }, select: CHECKPOINT_SELECT }),
    db().auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true } }),
  ])
  if (pruned && anchored.lastSeq < pruned.lastSeq && same(pruned.mac, checkpointMac(pruned))) return 'retired'
  // Gone from inside the chain (verification names the row), or past its end.
  return newest && newest.lastSeq >= anchored.lastSeq ? 'diverged' : 'cut'
}

async function check(kind: AnchorKind, read: () => Promise<AnchoredHead | null>): Promise<AnchorCheck> {
  let anchored: AnchoredHead | null
  try {
    anchored = await read()
  } catch (error) {
    if (error instanceof AnchorUnreadable) return { kind, status: 'unreadable', reason: error.reason }
    throw error
  }
  if (!anchored) return { kind, status: 'none' }
  return { kind, status: await compare(anchored), anchored }
}

/** Compares the chain with each anchor configured; writes nothing. */
export async function checkAnchors(config: AnchorConfig = env().auditAnchor): Promise<AnchorCheck[]> {
  const checks: AnchorCheck[] = []
  if (config.file) checks.push(await check('file', () => readAnchorFile(config.file!)))
  if (config.url) checks.push(await check('url', () => readAnchorUrl(config.url!)))
  return checks
}

export type AnchorOutcome =
  | { status: 'not_configured' | 'nothing_sealed' }
  | { status: 'anchored' | 'current'; anchored: AnchoredHead }
  /** The file's head is not in the chain (or the file cannot be read): nothing was appended. */
  | { status: 'refused'; check: AnchorCheck }

/**
 * After a seal: appends the newest checkpoint's head to the anchor file
 * unless it is there already, and records in the database when (for the
 * admin log). A head is appended only when the one anchored before is still
 * in the chain: otherwise a cut-off chain would anchor its own shorter head.
 */
export async function anchorNewestHead(now = new Date(), file = env().auditAnchor.file): Promise<AnchorOutcome> {
  if (!file) return { status: 'not_configured' }
  const before = await check('file', () => readAnchorFile(file))
  if (anchorFailed(before)) return { status: 'refused', check: before }
  const newest = await db().auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: CHECKPOINT_SELECT })
  const previous = 'anchored' in before ? before.anchored : null
  // A checkpoint that does not verify is not anchored (verification names it); the file keeps the last good head.
  if (!newest || !same(newest.mac, checkpointMac(newest)) || (previous && newest.lastSeq <= previous.lastSeq)) {
    if (previous) await remember(previous)
    return previous ? { status: 'current', anchored: previous } : { status: 'nothing_sealed' }
  }
  const anchored = { lastSeq: newest.lastSeq, head: newest.head, sealedAt: newest.createdAt, anchoredAt: now }
  await appendAnchorFile(file, anchored)
  await remember(anchored)
  return { status: 'anchored', anchored }
}

async function remember(anchored: AnchoredHead): Promise<void> {
  await db().auditAnchor.upsert({ where: { kind: 'file' }, create: { kind: 'file', ...anchored }, update: anchored, select: { kind: true } })
}

/** What the admin log shows: the newest head anchored (from the database, not the file) and the newest sealed row. */
export async function anchoringState(): Promise<{ anchored: AnchoredHead | null; newestSeq: number | null; verifiesAgainst: AnchorKind[] }> {
  const [anchored, newest] = await Promise.all([
    db().auditAnchor.findUnique({ where: { kind: 'file' }, select: { lastSeq: true, head: true, sealedAt: true, anchoredAt: true } }),
    db().auditCheckpoint.findFirst({ where: { kind: 'sealed' }, orderBy: { lastSeq: 'desc' }, select: { lastSeq: true } }),
  ])
  const { file, url } = env().auditAnchor
  return { anchored, newestSeq: newest?.lastSeq ?? null, verifiesAgainst: [...(file ? ['file' as const] : []), ...(url ? ['url' as const] : [])] }
}

const WHERE: Record<AnchorKind, string> = { file: 'the anchor file', url: 'the anchor URL' }

/** One anchor's comparison in a sentence, for the console and the admin page; names no path or address. */
export function describeAnchorCheck(check: AnchorCheck): string {
  if (check.status === 'none') return `Nothing is anchored in ${WHERE[check.kind]} yet (npm run maintenance appends the head after sealing)`
  if (check.status === 'unreadable') return `The head anchored outside the database could not be read from ${WHERE[check.kind]}: ${check.reason}`
  const { lastSeq, anchoredAt } = check.anchored
  const head = `the head anchored in ${WHERE[check.kind]} on ${anchoredAt.toISOString()} (row ${lastSeq})`
  if (check.status === 'matched') return `The log holds ${head}`
  if (check.status === 'retired') return `Retention has removed ${head}, so it cannot be compared: the anchor is not kept up to date`
  if (check.status === 'cut') return `The log ends before ${head}: its newest rows were cut off, or an older copy of the database was restored`
  return `The log does not hold ${head} at that row: it was rewritten or replaced`
}
