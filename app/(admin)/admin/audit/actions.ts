'use server'

import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { sealPending } from '@/lib/audit/chain'
import { describeProblem, verifyLog } from '@/lib/audit/verify'
import type { ActionState } from '@/lib/web/action-state'

export type VerifyState = ActionState<never> | { status: 'verified'; ok: boolean; message: string }

/**
 * "Verify the log": seals what has settled since the last run, then
 * recomputes the whole chain and says whether it holds or which row first
 * does not. Administrators only; the check itself is in the log.
 */
export const verifyAuditLogAction = defineAction(
  { guard: 'admin', page: '/admin/audit', fields: {}, schema: z.object({}) },
  async ({ audit }): Promise<VerifyState> => {
    await sealPending()
    const report = await verifyLog()
    await audit({
      type: 'audit_log_verified',
      result: report.ok ? 'success' : 'failure',
      userId: null,
      sessionId: null,
      detail: report.ok ? { rows: report.rows } : { seq: report.problem.seq, what: report.problem.what },
    })
    if (report.ok) {
      const pruned = report.from ? ` Rows up to ${report.from} were removed by retention; what remains continues from their checkpoint.` : ''
      return { status: 'verified', ok: true, message: `The log verifies: all ${report.rows} sealed rows are as they were written.${pruned}` }
    }
    const rest = report.problem.what === 'late' ? `All ${report.rows} sealed rows are as they were written.` : 'Rows before it still verify.'
    return { status: 'verified', ok: false, message: `The log does not verify: ${describeProblem(report.problem)}. ${rest}` }
  },
)
