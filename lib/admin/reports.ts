import 'server-only'
import { describeEvent } from '../activity/event-words'
import { db } from '../db'
import { ambientTranslator } from '../i18n/ambient'
import type { Translator } from '../i18n/translator'
import type { UseCaseContext } from '../use-case'
import type { Administrator } from './lifecycle'

/**
 * "This wasn't me" reports, for administrators: open ones first (oldest
 * waiting longest at the top), then the 50 most recently resolved, each with
 * the event the person named and who resolved it with what note.
 */

export type ReportView = {
  id: string
  userId: string
  person: string
  reportedAt: Date
  event: { title: string; at: Date | null; id: string | null } | null
  status: 'open' | 'resolved'
  resolvedBy: string | null
  resolvedAt: Date | null
  note: string | null
}

const REPORT_SELECT = {
  id: true,
  userId: true,
  reportEventId: true,
  status: true,
  resolvedBy: true,
  resolvedAt: true,
  note: true,
  createdAt: true,
  user: { select: { email: true, formerEmail: true } },
} as const

function namedEvent(detail: string | null, t: Translator['t']): { title: string; at: Date | null; id: string | null } | null {
  try {
    const parsed = detail ? (JSON.parse(detail) as { eventId?: unknown; eventType?: unknown; eventAt?: unknown }) : null
    if (!parsed || typeof parsed.eventType !== 'string') return null
    const at = typeof parsed.eventAt === 'string' && !Number.isNaN(Date.parse(parsed.eventAt)) ? new Date(parsed.eventAt) : null
    return {
      title: describeEvent({ type: parsed.eventType, result: 'success', method: null, reason: null, detail: null }, t).title,
      at,
      id: typeof parsed.eventId === 'string' ? parsed.eventId : null,
    }
  } catch {
    return null
  }
}

export async function listReports(t: Translator['t'] = ambientTranslator().t): Promise<{ open: ReportView[]; resolved: ReportView[] }> {
  // Through ActivityReport (status, createdAt).
  const [open, resolved] = await Promise.all([
    db().activityReport.findMany({ where: { status: 'open' }, orderBy: { createdAt: 'asc' }, take: 200, select: REPORT_SELECT }),
    db().activityReport.findMany({ where: { status: 'resolved' }, orderBy: { createdAt: 'desc' }, take: 50, select: REPORT_SELECT }),
  ])
  const eventIds = [...open, ...resolved].map((report) => report.reportEventId)
  const events = eventIds.length ? await db().auditEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, detail: true } }) : []
  const detailOf = new Map(events.map((event) => [event.id, event.detail]))
  const view = (report: (typeof open)[number]): ReportView => ({
    id: report.id,
    userId: report.userId,
    person: report.user.formerEmail ?? report.user.email,
    reportedAt: report.createdAt,
    event: namedEvent(detailOf.get(report.reportEventId) ?? null, t),
    status: report.status === 'resolved' ? 'resolved' : 'open',
    resolvedBy: report.resolvedBy,
    resolvedAt: report.resolvedAt,
    note: report.note,
  })
  return { open: open.map(view), resolved: resolved.map(view) }
}

/** Marks an open report resolved, once, with the administrator's note and the history row. */
export async function resolveReport(
  input: { reportId: string; note: string },
  admin: Administrator,
  ctx: UseCaseContext,
): Promise<{ ok: true; userId: string } | { ok: false; reason: 'report_not_found' }> {
  const now = new Date()
  return db().$transaction(async (tx) => {
    const [row] = await tx.activityReport.updateManyAndReturn({
      where: { id: input.reportId, status: 'open' },
      data: { status: 'resolved', resolvedBy: admin.user.email, resolvedAt: now, note: input.note },
      select: { userId: true },
    })
    if (!row) return { ok: false, reason: 'report_not_found' } as const
    const detail = { reportId: input.reportId }
    await ctx.audit({ type: 'activity_report_resolved', result: 'success', userId: row.userId, sessionId: null, detail }, tx)
    return { ok: true, userId: row.userId } as const
  })
}
