import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { listReports, resolveReport } from './reports'

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true, email: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

/** A person's open “This wasn't me” report naming one of their sign-ins, as the activity page files it. */
async function openReport() {
  const email = `reporter-${unique()}@example.com`
  const person = (await db().user.create({ data: { email }, select: { id: true } })).id
  const signIn = await recordEvent({ type: 'sign_in', result: 'success', userId: person, method: 'email_code' })
  const detail = { eventId: signIn, eventType: 'sign_in', eventAt: new Date().toISOString() }
  const reportEventId = await recordEvent({ type: 'activity_reported', result: 'success', userId: person, detail })
  const report = await db().activityReport.create({ data: { userId: person, reportEventId, createdAt: new Date() }, select: { id: true } })
  return { person, email, signIn, reportId: report.id }
}

describe('“This wasn’t me” reports', () => {
  it('are listed open with the sign-in they name, resolved once with a note and the history row, then listed with who resolved them', async () => {
    const { person, email, signIn, reportId } = await openReport()
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    expect((await listReports()).open.find((entry) => entry.id === reportId)).toMatchObject({
      status: 'open',
      person: email,
      event: { title: 'Signed in', id: signIn },
    })

    expect(await resolveReport({ reportId, note: 'Was their own phone' }, admin, ctx)).toEqual({ ok: true, userId: person })
    expect(await resolveReport({ reportId, note: 'again' }, admin, ctx)).toEqual({ ok: false, reason: 'report_not_found' })
    expect(await resolveReport({ reportId: 'no-such-report', note: '' }, admin, ctx)).toEqual({ ok: false, reason: 'report_not_found' })

    const rows = await db().auditEvent.findMany({ where: { userId: person, type: 'activity_report_resolved' }, select: { actorId: true, detail: true } })
    expect(rows).toEqual([{ actorId: admin.user.id, detail: JSON.stringify({ reportId }) }])
    const after = await listReports()
    expect(after.open.some((entry) => entry.id === reportId)).toBe(false)
    expect(after.resolved.find((entry) => entry.id === reportId)).toMatchObject({ resolvedBy: admin.user.email, note: 'Was their own phone' })
  })
})
