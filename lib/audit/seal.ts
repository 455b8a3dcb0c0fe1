import 'server-only'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { derivedKey } from '../crypto'

/**
 * The audit log's keyed MACs (docs/decisions/0015-sealed-audit-log.md): what
 * the sealer (chain.ts) writes, verification (verify.ts) and retention
 * (retention.ts) recompute. The key is derived from AUTH_SECRET for this
 * purpose only.
 *
 * The person's own fields (who, from where, details) enter the chain through
 * their own MAC (`digest`), so erasing them with the account keeps the chain
 * verifiable while any other change to them still shows; who acted on them
 * is sealed directly and survives the erasure. The session id is
 * a link for display, rewritten when a session rotates on step-up, and is
 * not sealed.
 */

export type SealedFields = {
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

export const CHECKPOINT_SELECT = { kind: true, lastSeq: true, head: true, rows: true, createdAt: true, mac: true } as const

export const SEALED_SELECT = {
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

/** Any fixed number: the key of PostgreSQL's advisory lock that lets one sealer (or pruner) run at a time. */
export const SEALER_LOCK = 7_231_955
const GENESIS = 'genesis'

function mac(...parts: (string | number | null)[]): string {
  return createHmac('sha256', derivedKey('audit-log-seal')).update(JSON.stringify(parts)).digest('base64url')
}

/** Compares two MACs in constant time. */
export function same(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function personalDigest(row: PersonalFields): string {
  return mac('personal', row.userId, row.ipAddress, row.userAgent, row.detail)
}

export function rowSeal(previous: string, seq: number, row: SealedFields, digest: string): string {
  return mac('row', previous, seq, row.id, row.type, row.result, row.method, row.reason, row.actorId, row.actorName, row.createdAt.toISOString(), digest)
}

export function checkpointMac(checkpoint: { kind: string; lastSeq: number; head: string; rows: number; createdAt: Date }): string {
  return mac('checkpoint', checkpoint.kind, checkpoint.lastSeq, checkpoint.head, checkpoint.rows, checkpoint.createdAt.toISOString())
}

export const genesisHead = () => mac(GENESIS)
