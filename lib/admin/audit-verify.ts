import 'server-only'
import { anchorFailed, checkAnchors, type AnchorCheck } from '../audit/anchor'
import { sealPending } from '../audit/chain'
import { verifyLog, type VerifyProblem } from '../audit/verify'
import type { Translator } from '../i18n/translator'
import type { UseCaseContext } from '../use-case'

/**
 * "Verify the log": seals what has settled since the last run, then
 * recomputes the whole chain and says whether it holds or which row first
 * does not, and whether the log still holds the head anchored outside the
 * database (when this server has an anchor set). The check itself is in the
 * log, whatever it found. The answer is in the reader's language, its times
 * in their zone.
 */
export async function verifyAuditLog(ctx: UseCaseContext, reader: Translator): Promise<{ ok: boolean; message: string }> {
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
  const { t } = reader
  if (!report.ok) {
    const rest = report.problem.what === 'late' ? t('admin.audit.verify.rowsHold', { rows: report.rows }) : t('admin.audit.verify.rowsBeforeHold')
    return { ok: false, message: `${problemWords(report.problem, reader)} ${rest}` }
  }
  if (broken) return { ok: false, message: anchorWords(broken, reader) }
  const sentences = [
    t('admin.audit.verify.verifies', { rows: report.rows }),
    ...(report.from ? [t('admin.audit.verify.pruned', { seq: String(report.from) })] : []),
    ...anchors.map((check) => anchorWords(check, reader)),
  ]
  return { ok: true, message: sentences.join(' ') }
}

/** The first row or checkpoint that does not verify, in a sentence. Ids and positions are not numbers to format: they are quoted as they are. */
function problemWords(problem: VerifyProblem, { t, format }: Translator): string {
  if (problem.what === 'late') return t('admin.audit.verify.problem.late', { event: problem.eventId, at: format.dateTime(problem.at, 'precise') })
  return t(`admin.audit.verify.problem.${problem.what}`, { seq: String(problem.seq), event: problem.eventId ?? 'none' })
}

/** One anchor's comparison in a sentence; names no path or address, only which kind of anchor. */
function anchorWords(check: AnchorCheck, { t, format }: Translator): string {
  const where = check.kind
  if (check.status === 'none') return t('admin.audit.verify.anchor.none', { where, command: 'npm run maintenance' })
  if (check.status === 'unreadable') return t('admin.audit.verify.anchor.unreadable', { where, reason: check.reason })
  const { lastSeq, anchoredAt } = check.anchored
  return t(`admin.audit.verify.anchor.${check.status}`, { where, at: format.dateTime(anchoredAt, 'precise'), seq: String(lastSeq) })
}
