import 'server-only'
import { z } from 'zod'
import { describeEvent, EVENT_TYPES } from '../activity/event-words'
import type { AuditEventType } from '../audit/vocabulary'
import { db } from '../db'
import { normalizeEmailAddress } from '../email/address'
import { ambientTranslator } from '../i18n/ambient'
import type { Translator } from '../i18n/translator'
import { describeUserAgent } from '../user-agent'

/**
 * The administrators' audit log: every event, newest first, filtered by
 * person, actor, type, result and time range, 50 a page, and the same rows
 * for download. Rows are read in chain order (seq, lib/audit/chain.ts)
 * through the seq indexes (all, per person, per type, per actor); a time
 * range becomes a range of seq through the batch checkpoints, then is
 * applied exactly. Rows written in the last minute, not sealed yet, come
 * first on the first page.
 */

export const AUDIT_PAGE_SIZE = 50
/** Larger than any seq (a 32-bit column): "before" it means from the newest sealed row. */
const SEQ_MAX = 2_147_483_647
/** A server's clock and the sealer's may differ; a time range is widened by this much before it becomes a range of seq. */
const CLOCK_MARGIN_MS = 10 * 60_000

const TYPES = EVENT_TYPES as [AuditEventType, ...AuditEventType[]]
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined)

/** The filters as the page's query string carries them; anything unknown is dropped, not an error. */
export const auditFilterSchema = z.object({
  person: z.string().max(320).optional().catch(undefined),
  actor: z.string().max(320).optional().catch(undefined),
  type: z.enum(TYPES).optional().catch(undefined),
  result: z.enum(['success', 'failure']).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
})
export type AuditFilter = z.output<typeof auditFilterSchema>

export type AuditRow = {
  id: string
  seq: number | null
  /** Unsealed for good: it turned up behind the sealed head (lib/audit/chain.ts). */
  refused: boolean
  at: Date
  type: string
  title: string
  note: string | null
  result: string
  method: string | null
  reason: string | null
  person: string | null
  /** The administrator's address or the client's name; null when nobody acted, or the acting account is gone (`actorDeleted`). */
  actor: string | null
  actorDeleted: boolean
  ipAddress: string | null
  device: string | null
  detail: string | null
}

const SELECT = {
  id: true,
  seq: true,
  type: true,
  result: true,
  method: true,
  reason: true,
  detail: true,
  ipAddress: true,
  userAgent: true,
  createdAt: true,
  refusedAt: true,
  actorId: true,
  actorName: true,
  user: { select: { email: true, formerEmail: true } },
} as const

/** Who a filter names: an account by its address, or (for the actor) a machine client by its name. */
async function accountId(text: string | undefined): Promise<string | null | undefined> {
  if (!text) return undefined
  const address = normalizeEmailAddress(text)
  if (!address.ok) return null
  const user = await db().user.findUnique({ where: { email: address.email }, select: { id: true } })
  return user?.id ?? null
}

/** The where clause shared by the page and the download; null when a named person or actor does not exist. */
async function whereOf(filter: AuditFilter) {
  const [userId, actorId] = await Promise.all([accountId(filter.person), filter.actor?.includes('@') ? accountId(filter.actor) : undefined])
  if (userId === null || actorId === null) return null
  const from = filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined
  const to = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) : undefined
  const [low, high] = await Promise.all([
    from
      ? db().auditCheckpoint.findFirst({
          where: { kind: 'sealed', createdAt: { lt: new Date(from.getTime() - CLOCK_MARGIN_MS) } },
          orderBy: { createdAt: 'desc' },
          select: { lastSeq: true },
        })
      : null,
    to
      ? db().auditCheckpoint.findFirst({
          where: { kind: 'sealed', createdAt: { gt: new Date(to.getTime() + CLOCK_MARGIN_MS) } },
          orderBy: { createdAt: 'asc' },
          select: { lastSeq: true },
        })
      : null,
  ])
  return {
    where: {
      ...(userId ? { userId } : {}),
      ...(actorId ? { actorId } : filter.actor && !filter.actor.includes('@') ? { actorName: filter.actor.trim() } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.result ? { result: filter.result } : {}),
      ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
    },
    seq: { ...(low ? { gt: low.lastSeq } : {}), ...(high ? { lte: high.lastSeq } : {}) },
  }
}

type Row = {
  id: string
  seq: number | null
  type: string
  result: string
  method: string | null
  reason: string | null
  detail: string | null
  ipAddress: string | null
  userAgent: string | null
  createdAt: Date
  refusedAt: Date | null
  actorId: string | null
  actorName: string | null
  user: { email: string; formerEmail: string | null } | null
}

async function toRows(rows: Row[], t: Translator['t']): Promise<AuditRow[]> {
  const actorIds = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => id !== null))]
  const actors = actorIds.length ? await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } }) : []
  const actorEmail = new Map(actors.map((actor) => [actor.id, actor.email]))
  return rows.map((row) => {
    const words = describeEvent(row, t)
    return {
      id: row.id,
      seq: row.seq,
      refused: row.refusedAt !== null,
      at: row.createdAt,
      type: row.type,
      title: words.title,
      note: words.note,
      result: row.result,
      method: row.method,
      reason: row.reason,
      person: row.user ? (row.user.formerEmail ?? row.user.email) : null,
      actor: row.actorName ?? (row.actorId ? (actorEmail.get(row.actorId) ?? null) : null),
      actorDeleted: row.actorName === null && row.actorId !== null && !actorEmail.has(row.actorId),
      ipAddress: row.ipAddress,
      device: row.userAgent ? describeUserAgent(row.userAgent) : null,
      detail: row.detail,
    }
  })
}

/** One page: on the first, rows not sealed yet (newest first), then sealed rows by seq; `next` is the seq to continue before. Titles in `t`'s language. */
export async function listAuditLog(
  filter: AuditFilter,
  t: Translator['t'] = ambientTranslator().t,
): Promise<{ rows: AuditRow[]; next: number | null; noSuchAccount: boolean }> {
  const clause = await whereOf(filter)
  if (!clause) return { rows: [], next: null, noSuchAccount: true }
  const unsealed: Row[] = filter.before
    ? []
    : await db().auditEvent.findMany({
        where: { ...clause.where, seq: null },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: AUDIT_PAGE_SIZE,
        select: SELECT,
      })
  const room = AUDIT_PAGE_SIZE - unsealed.length
  const sealed: Row[] =
    room > 0
      ? await db().auditEvent.findMany({
          where: { ...clause.where, seq: { not: null, ...clause.seq, ...(filter.before ? { lt: filter.before } : {}) } },
          orderBy: { seq: 'desc' },
          take: room + 1,
          select: SELECT,
        })
      : []
  const shown = [...unsealed, ...sealed.slice(0, room)]
  const last = shown.at(-1)
  // A first page filled by unsealed rows (the sealer is behind) still leads on to the sealed ones.
  const next = room === 0 ? SEQ_MAX : sealed.length > room && last?.seq ? last.seq : null
  return { rows: await toRows(shown, t), next, noSuchAccount: false }
}

const EXPORT_BATCH = 1000
/** A download holds at most this many rows; narrow the filters for more. */
export const EXPORT_LIMIT = 100_000

/** Every row the filters match, newest first, 1,000 at a time, up to EXPORT_LIMIT. */
export async function* auditRecords(filter: AuditFilter, t: Translator['t'] = ambientTranslator().t): AsyncGenerator<AuditRow> {
  const clause = await whereOf({ ...filter, before: undefined })
  if (!clause) return
  const unsealed = await db().auditEvent.findMany({
    where: { ...clause.where, seq: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: EXPORT_BATCH,
    select: SELECT,
  })
  yield* await toRows(unsealed, t)
  let sent = unsealed.length
  let before: number | undefined
  while (sent < EXPORT_LIMIT) {
    const rows = await db().auditEvent.findMany({
      where: { ...clause.where, seq: { not: null, ...clause.seq, ...(before ? { lt: before } : {}) } },
      orderBy: { seq: 'desc' },
      take: Math.min(EXPORT_BATCH, EXPORT_LIMIT - sent),
      select: SELECT,
    })
    yield* await toRows(rows, t)
    sent += rows.length
    const last = rows.at(-1)
    if (rows.length < EXPORT_BATCH || !last?.seq) return
    before = last.seq
  }
}
