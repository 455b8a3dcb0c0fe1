import 'server-only'
import { csvField, safeDetail } from '../activity/export'
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
