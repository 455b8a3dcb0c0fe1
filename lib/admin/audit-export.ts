import 'server-only'
import { csvField, safeDetail } from '../activity/export'
import type { UseCaseContext } from '../use-case'
import { auditRecords, type AuditFilter, type AuditRow } from './audit-log'

/**
 * The audit log as a file: the rows the filters match, newest first (at most
 * EXPORT_LIMIT), produced as they are read, 1,000 rows at a time, so a large
 * download never sits whole in the server's memory.
 */

const CSV_COLUMNS = ['seq', 'time_utc', 'event', 'type', 'result', 'method', 'reason', 'person', 'actor', 'ip_address', 'device', 'details'] as const

function record(row: AuditRow) {
  return {
    seq: row.seq,
    time: row.at.toISOString(),
    event: row.title,
    type: row.type,
    result: row.result,
    method: row.method,
    reason: row.reason,
    person: row.person,
    actor: row.actor,
    ipAddress: row.ipAddress,
    device: row.device,
    details: safeDetail(row.detail),
  }
}

export async function* auditCsvChunks(filter: AuditFilter): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`
  for await (const row of auditRecords(filter)) {
    const { seq, time, event, type, result, method, reason, person, actor, ipAddress, device, details } = record(row)
    const fields = [seq === null ? 'unsealed' : String(seq), time, event, type, result, method, reason, person, actor, ipAddress, device]
    yield `${[...fields, Object.keys(details).length ? JSON.stringify(details) : null].map(csvField).join(',')}\r\n`
  }
}

export async function* auditJsonChunks(filter: AuditFilter): AsyncGenerator<string> {
  let first = true
  yield '['
  for await (const row of auditRecords(filter)) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(record(row))}`
    first = false
  }
  yield '\n]\n'
}

export type AuditExport = { filename: string; contentType: string; chunks: AsyncGenerator<string> }

/**
 * An administrator's download of the log: the export itself is recorded
 * (with the filters, so the log says what left it) before any row is read.
 */
export async function exportAuditLog(input: { format: 'csv' | 'json'; filter: AuditFilter }, ctx: UseCaseContext): Promise<AuditExport> {
  const { format, filter } = input
  const filters = Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string | number] => entry[1] !== undefined))
  await ctx.audit({
    type: 'data_exported',
    result: 'success',
    userId: null,
    sessionId: null,
    detail: { format, scope: 'audit_log', filters: JSON.stringify(filters) },
  })
  const day = new Date().toISOString().slice(0, 10)
  if (format === 'csv') return { filename: `audit-log-${day}.csv`, contentType: 'text/csv; charset=utf-8', chunks: auditCsvChunks(filter) }
  return { filename: `audit-log-${day}.json`, contentType: 'application/json', chunks: auditJsonChunks(filter) }
}
