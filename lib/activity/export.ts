import 'server-only'
import { describeEvent } from './event-words'
import { ACTIVITY_ORDER, afterCursor, type Cursor } from './history'
import { db } from '../db'
import { ambientTranslator } from '../i18n/ambient'
import { recipientPreferences } from '../i18n/preferences'
import { translatorFor, type Translator } from '../i18n/translator'
import type { UseCaseContext } from '../use-case'
import { describeUserAgent } from '../user-agent'

/**
 * A user's whole history for download (CSV or JSON), read 1,000 rows at a
 * time, with each event's title in the reader's language. Session ids
 * (hashes of session secrets) and ids of revoked sessions stay out: a
 * download holds what happened, not keys to anything.
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

export async function* historyRecords(userId: string, t: Translator['t'] = ambientTranslator().t): AsyncGenerator<HistoryRecord> {
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
        event: describeEvent(row, t).title,
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

/** A column's name: quoted only when a translation needs it, so the English header stays as it always was. */
function csvHeading(name: string): string {
  return /[",\r\n]|^[=+\-@\t]/.test(name) ? csvField(name) : name
}

/**
 * The history as CSV, in the reader's language and zone: the UTC time as it
 * was recorded, then the same moment on the reader's clock (the column names
 * the zone; each time names its abbreviation too).
 */
export async function historyCsv(userId: string, reader: Translator = ambientTranslator()): Promise<string> {
  const { t, format, timeZone } = reader
  const columns = [
    t('activity.csv.timeUtc'),
    t('activity.csv.localTime', { zone: timeZone }),
    t('activity.csv.event'),
    t('activity.csv.type'),
    t('activity.csv.result'),
    t('activity.csv.method'),
    t('activity.csv.reason'),
    t('activity.csv.details'),
    t('activity.csv.device'),
    t('activity.csv.ipAddress'),
    t('activity.csv.userAgent'),
  ]
  const lines = [columns.map(csvHeading).join(',')]
  for await (const record of historyRecords(userId, t)) {
    const details = Object.keys(record.details).length ? JSON.stringify(record.details) : null
    const local = format.dateTime(new Date(record.time), 'precise')
    lines.push(
      [record.time, local, record.event, record.type, record.result, record.method, record.reason, details, record.device, record.ipAddress, record.userAgent]
        .map(csvField)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

export async function historyList(userId: string, t: Translator['t'] = ambientTranslator().t): Promise<HistoryRecord[]> {
  const records: HistoryRecord[] = []
  for await (const record of historyRecords(userId, t)) records.push(record)
  return records
}

export type HistoryDownload = { format: 'csv'; csv: string } | { format: 'json'; records: HistoryRecord[] }

/**
 * The signed-in person's whole history as a file's content, in their saved
 * language and zone (else those their browser asks for); the download is
 * recorded first.
 */
export async function downloadHistory(
  input: { format: 'csv' | 'json' },
  session: { user: { id: string; locale: string | null; timeZone: string | null } },
  ctx: UseCaseContext,
): Promise<HistoryDownload> {
  await ctx.audit({ type: 'data_exported', result: 'success', detail: { format: input.format } })
  const { locale, timeZone } = recipientPreferences(session.user, ctx.request, true)
  const reader = translatorFor(locale, timeZone)
  const userId = session.user.id
  return input.format === 'csv' ? { format: 'csv', csv: await historyCsv(userId, reader) } : { format: 'json', records: await historyList(userId, reader.t) }
}
