import { downloadRoute } from '@/lib/actions/pipeline'
import { auditFilterSchema } from '@/lib/admin/audit-log'
import { exportAuditLog } from '@/lib/admin/audit-export'
import { downloadResponse, streamOf } from '@/lib/web/download'
import { z } from 'zod'

/** GET ?format=csv|json and the page's filters: the audit log's matching rows as a file, for administrators. */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/audit', query: auditFilterSchema.extend({ format: z.enum(['csv', 'json']) }) },
  async ({ data: { format, ...filter }, ctx }) => {
    const file = await exportAuditLog({ format, filter }, ctx)
    return downloadResponse(streamOf(file.chunks), file.filename, file.contentType)
  },
)
