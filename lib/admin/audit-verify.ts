import 'server-only'
import { anchorFailed, checkAnchors, describeAnchorCheck } from '../audit/anchor'
import { sealPending } from '../audit/chain'
import { describeProblem, verifyLog } from '../audit/verify'
import type { UseCaseContext } from '../use-case'

/**
 * "Verify the log": seals what has settled since the last run, then
 * recomputes the whole chain and says whether it holds or which row first
 * does not, and whether the log still holds the head anchored outside the
 * database (when this server has an anchor set). The check itself is in the
 * log, whatever it found.
 */
export async function verifyAuditLog(ctx: UseCaseContext): Promise<{ ok: boolean; message: string }> {
  await sealPending()
  const report = await verifyLog()
  const anchors = await checkAnchors()
  const broken = anchors.find(anchorFailed)
  await ctx.audit({
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
    return { ok: false, message: `The log does not verify: ${describeProblem(report.problem)}. ${rest}` }
  }
  if (broken) return { ok: false, message: `The log does not verify: ${describeAnchorCheck(broken)}.` }
  const pruned = report.from ? ` Rows up to ${report.from} were removed by retention; what remains continues from their checkpoint.` : ''
  const anchored = anchors.map((check) => ` ${describeAnchorCheck(check)}.`).join('')
  return { ok: true, message: `The log verifies: all ${report.rows} sealed rows are as they were written.${pruned}${anchored}` }
}
