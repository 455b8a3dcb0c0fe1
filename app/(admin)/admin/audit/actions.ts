'use server'

import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { anchorFailed, checkAnchors, describeAnchorCheck } from '@/lib/audit/anchor'
import { sealPending } from '@/lib/audit/chain'
import { describeProblem, verifyLog } from '@/lib/audit/verify'
import type { ActionState } from '@/lib/web/action-state'

export type VerifyState = ActionState<never> | { status: 'verified'; ok: boolean; message: string }

/**
 * "Verify the log": seals what has settled since the last run, then
 * recomputes the whole chain and says whether it holds or which row first
 * does not, and whether the log still holds the head anchored outside the
 * database (when this server has an anchor set). Administrators only; the
 * check itself is in the log.
 */
export const verifyAuditLogAction = defineAction(
  { guard: 'admin', page: '/admin/audit', fields: {}, schema: z.object({}) },
  async ({ audit }): Promise<VerifyState> => {
    await sealPending()
    const report = await verifyLog()
    const anchors = await checkAnchors()
    const broken = anchors.find(anchorFailed)
    await audit({
      type: 'audit_log_verified',
      result: report.ok && !broken ? 'success' : 'failure',
      userId: null,
      sessionId: null,
      detail: !report.ok
        ? { seq: report.problem.seq, what: report.problem.what }
        : broken
          ? { anchor: broken.kind, what: broken.status, seq: 'anchored' in broken ? broken.anchored.lastSeq : null }
          : { rows: report.rows },
    })
    if (!report.ok) {
      const rest = report.problem.what === 'late' ? `All ${report.rows} sealed rows are as they were written.` : 'Rows before it still verify.'
      return { status: 'verified', ok: false, message: `The log does not verify: ${describeProblem(report.problem)}. ${rest}` }
    }
    if (broken) return { status: 'verified', ok: false, message: `The log does not verify: ${describeAnchorCheck(broken)}.` }
    const pruned = report.from ? ` Rows up to ${report.from} were removed by retention; what remains continues from their checkpoint.` : ''
    const anchored = anchors.map((check) => ` ${describeAnchorCheck(check)}.`).join('')
    return { status: 'verified', ok: true, message: `The log verifies: all ${report.rows} sealed rows are as they were written.${pruned}${anchored}` }
  },
)
