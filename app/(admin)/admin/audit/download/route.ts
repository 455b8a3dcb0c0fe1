import { downloadRoute } from '@/lib/actions/pipeline'
import { auditFilterSchema } from '@/lib/admin/audit-log'
import { auditCsvChunks, auditJsonChunks } from '@/lib/admin/audit-export'
import { downloadResponse, streamOf } from '@/lib/web/download'
import { z } from 'zod'

/** GET ?format=csv|json and the page's filters: the audit log's matching rows as a file, for administrators. */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/audit', query: auditFilterSchema.extend({ format: z.enum(['csv', 'json']) }) },
  async ({ data: { format, ...filter }, audit }) => {
    const day = new Date().toISOString().slice(0, 10)
    const filters = Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string | number] => entry[1] !== undefined))
    await audit({
      type: 'data_exported',
      result: 'success',
      userId: null,
      sessionId: null,
      detail: { format, scope: 'audit_log', filters: JSON.stringify(filters) },
    })
    if (format === 'csv') return downloadResponse(streamOf(auditCsvChunks(filter)), `audit-log-${day}.csv`, 'text/csv; charset=utf-8')
    return downloadResponse(streamOf(auditJsonChunks(filter)), `audit-log-${day}.json`, 'application/json')
  },
)
