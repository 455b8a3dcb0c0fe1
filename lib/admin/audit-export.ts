import 'server-only'
import { csvField, safeDetail } from '../activity/export'
import type { Translator } from '../i18n/translator'
import type { UseCaseContext } from '../use-case'
import { auditRecords, type AuditFilter, type AuditRow } from './audit-log'

/**
 * The audit log as a file: the rows the filters match, newest first (at most
 * EXPORT_LIMIT), produced as they are read, 1,000 rows at a time, so a large
 * download never sits whole in the server's memory. Each row's time is there
 * in UTC (ISO 8601) and on the reader's clock, the zone named in the header.
 */

/** "2026-12-06 16:30:05": a time on a zone's clock, as spreadsheets read it. */
export function localTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

function record(row: AuditRow, reader: Translator) {
  return {
    seq: row.seq,
    time: row.at.toISOString(),
    timeLocal: localTime(row.at, reader.timeZone),
    timeZone: reader.timeZone,
    event: row.title,
    type: row.type,
    result: row.result,
    method: row.method,
    reason: row.reason,
    person: row.person,
    actor: row.actor ?? (row.actorDeleted ? reader.t('admin.audit.rows.deletedAccount') : null),
    ipAddress: row.ipAddress,
    device: row.device,
    details: safeDetail(row.detail),
  }
}

export async function* auditCsvChunks(filter: AuditFilter, reader: Translator): AsyncGenerator<string> {
  // A zone name has no comma or quote (lib/time-zone.ts): the header needs no quoting.
  const columns = [
    'seq',
    'time_utc',
    `time_local (${reader.timeZone})`,
    'event',
    'type',
    'result',
    'method',
    'reason',
    'person',
    'actor',
    'ip_address',
    'device',
    'details',
  ]
  yield `${columns.join(',')}\r\n`
  for await (const row of auditRecords(filter, reader.t)) {
    const { seq, time, timeLocal, event, type, result, method, reason, person, actor, ipAddress, device, details } = record(row, reader)
    const fields = [seq === null ? 'unsealed' : String(seq), time, timeLocal, event, type, result, method, reason, person, actor, ipAddress, device]
    yield `${[...fields, Object.keys(details).length ? JSON.stringify(details) : null].map(csvField).join(',')}\r\n`
  }
}

export async function* auditJsonChunks(filter: AuditFilter, reader: Translator): AsyncGenerator<string> {
  let first = true
  yield '['
  for await (const row of auditRecords(filter, reader.t)) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(record(row, reader))}`
    first = false
  }
  yield '\n]\n'
}

export type AuditExport = { filename: string; contentType: string; chunks: AsyncGenerator<string> }

/**
 * An administrator's download of the log: the export itself is recorded
 * (with the filters, so the log says what left it) before any row is read.
 * `reader` is the administrator's language and zone.
 */
export async function exportAuditLog(input: { format: 'csv' | 'json'; filter: AuditFilter; reader: Translator }, ctx: UseCaseContext): Promise<AuditExport> {
  const { format, filter, reader } = input
  const filters = Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string | number] => entry[1] !== undefined))
  await ctx.audit({
    type: 'data_exported',
    result: 'success',
    userId: null,
    sessionId: null,
    detail: { format, scope: 'audit_log', filters: JSON.stringify(filters) },
  })
  const day = new Date().toISOString().slice(0, 10)
  if (format === 'csv') return { filename: `audit-log-${day}.csv`, contentType: 'text/csv; charset=utf-8', chunks: auditCsvChunks(filter, reader) }
  return { filename: `audit-log-${day}.json`, contentType: 'application/json', chunks: auditJsonChunks(filter, reader) }
}
