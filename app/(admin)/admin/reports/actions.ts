'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { resolveReport } from '@/lib/admin/reports'
import { actionError, type ActionState } from '@/lib/web/action-state'

export type ResolveState = ActionState<'note'>

/** Closes a "This wasn't me" report with a note on what was done; an administrator's, with a fresh confirmation, and in the log. */
export const resolveReportAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: '/admin/reports',
    fields: { reportId: {}, note: { error: 'report_note', echo: 500 } },
    schema: z.object({
      reportId: z.string({ error: 'report_not_found' }).min(1, 'report_not_found').max(64, 'report_not_found'),
      note: z.string({ error: 'report_note' }).trim().max(500, 'report_note'),
    }),
    invalid: 'report_not_found',
  },
  async ({ data, session, ctx }): Promise<ResolveState> => {
    const outcome = await resolveReport(data, session, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    revalidatePath('/admin/reports')
    return { status: 'success', message: (await getTranslations('admin.reports'))('done') }
  },
)
