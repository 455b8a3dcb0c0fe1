import { downloadRoute } from '@/lib/actions/pipeline'
import { auditFilterSchema } from '@/lib/admin/audit-log'
import { exportAuditLog } from '@/lib/admin/audit-export'
import { requestTranslator } from '@/lib/i18n/reader'
import { downloadResponse, streamOf } from '@/lib/web/download'
import { z } from 'zod'

/** GET ?format=csv|json and the page's filters: the audit log's matching rows as a file, for administrators, with times in their zone too. */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/audit', query: auditFilterSchema.extend({ format: z.enum(['csv', 'json']) }) },
  async ({ data: { format, ...filter }, ctx }) => {
    const file = await exportAuditLog({ format, filter, reader: await requestTranslator() }, ctx)
    return downloadResponse(streamOf(file.chunks), file.filename, file.contentType)
  },
)
