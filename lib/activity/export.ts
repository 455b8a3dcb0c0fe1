import 'server-only'
import { describeEvent } from './event-words'
import { ACTIVITY_ORDER, afterCursor, type Cursor } from './history'
import { db } from '../db'
import type { UseCaseContext } from '../use-case'
import { describeUserAgent } from '../user-agent'

/**
 * A user's whole history for download (CSV or JSON), read 1,000 rows at a
 * time. Session ids (hashes of session secrets) and ids of revoked sessions
 * stay out: a download holds what happened, not keys to anything.
 */

export type HistoryRecord = {
  time: string
  event: string
  type: string
  result: string
  method: string | null
  reason: string | null
  details: Record<string, unknown>
  device: string | null
  ipAddress: string | null
  userAgent: string | null
}

const BATCH = 1000
const WITHHELD_DETAIL = new Set(['revoked', 'sessionId'])

export function safeDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {}
  try {
    const parsed: unknown = JSON.parse(detail)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return Object.fromEntries(Object.entries(parsed).filter(([key]) => !WITHHELD_DETAIL.has(key)))
  } catch {
    return {}
  }
}

export async function* historyRecords(userId: string): AsyncGenerator<HistoryRecord> {
  let cursor: Cursor | null = null
  for (;;) {
    const rows: {
      id: string
      type: string
      result: string
      method: string | null
      reason: string | null
      detail: string | null
      ipAddress: string | null
      userAgent: string | null
      createdAt: Date
    }[] = await db().auditEvent.findMany({
      where: { userId, ...afterCursor(cursor) },
      orderBy: ACTIVITY_ORDER,
      take: BATCH,
      select: { id: true, type: true, result: true, method: true, reason: true, detail: true, ipAddress: true, userAgent: true, createdAt: true },
    })
    for (const row of rows) {
      yield {
        time: row.createdAt.toISOString(),
        event: describeEvent(row).title,
        type: row.type,
        result: row.result,
        method: row.method,
        reason: row.reason,
        details: safeDetail(row.detail),
        device: row.userAgent ? describeUserAgent(row.userAgent) : null,
        ipAddress: row.ipAddress,
        userAgent: row.userAgent,
      }
    }
    const last = rows.at(-1)
    if (rows.length < BATCH || !last) return
    cursor = { at: last.createdAt, id: last.id }
  }
}

const CSV_COLUMNS = ['time_utc', 'event', 'type', 'result', 'method', 'reason', 'details', 'device', 'ip_address', 'user_agent'] as const

/**
 * One CSV field: quoted, quotes doubled, and a leading = + - @ (or tab/CR)
 * defused with an apostrophe so a spreadsheet never runs it as a formula
 * (OWASP "CSV injection").
 */
export function csvField(value: string | null): string {
  if (value === null) return ''
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${defused.replaceAll('"', '""')}"`
}

export async function historyCsv(userId: string): Promise<string> {
  const lines = [CSV_COLUMNS.join(',')]
  for await (const record of historyRecords(userId)) {
    const details = Object.keys(record.details).length ? JSON.stringify(record.details) : null
    lines.push(
      [record.time, record.event, record.type, record.result, record.method, record.reason, details, record.device, record.ipAddress, record.userAgent]
        .map(csvField)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

export async function historyList(userId: string): Promise<HistoryRecord[]> {
  const records: HistoryRecord[] = []
  for await (const record of historyRecords(userId)) records.push(record)
  return records
}

export type HistoryDownload = { format: 'csv'; csv: string } | { format: 'json'; records: HistoryRecord[] }

/** The signed-in person's whole history as a file's content; the download is recorded first. */
export async function downloadHistory(input: { format: 'csv' | 'json' }, session: { user: { id: string } }, ctx: UseCaseContext): Promise<HistoryDownload> {
  await ctx.audit({ type: 'data_exported', result: 'success', detail: { format: input.format } })
  const userId = session.user.id
  return input.format === 'csv' ? { format: 'csv', csv: await historyCsv(userId) } : { format: 'json', records: await historyList(userId) }
}
