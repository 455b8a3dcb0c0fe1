import 'server-only'
import { csvField, safeDetail } from '../activity/export'
import { auditRecords, type AuditFilter } from './audit-log'

/** The audit log as a file: the rows the filters match, newest first (at most EXPORT_LIMIT). */

const CSV_COLUMNS = ['seq', 'time_utc', 'event', 'type', 'result', 'method', 'reason', 'person', 'actor', 'ip_address', 'device', 'details'] as const

export async function auditCsv(filter: AuditFilter): Promise<string> {
  const lines = [CSV_COLUMNS.join(',')]
  for await (const row of auditRecords(filter)) {
    const details = safeDetail(row.detail)
    lines.push(
      [
        row.seq === null ? 'unsealed' : String(row.seq),
        row.at.toISOString(),
        row.title,
        row.type,
        row.result,
        row.method,
        row.reason,
        row.person,
        row.actor,
        row.ipAddress,
        row.device,
        Object.keys(details).length ? JSON.stringify(details) : null,
      ]
        .map(csvField)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

export async function auditJson(filter: AuditFilter): Promise<string> {
  const rows: unknown[] = []
  for await (const row of auditRecords(filter)) {
    rows.push({
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
    })
  }
  return JSON.stringify(rows, null, 2)
}
