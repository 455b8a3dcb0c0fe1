import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { userIn } from '../../policies/support'
import { removeUsers } from '../../support/users'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm } from './rows'

test('hostile input to the audit log, its download, report resolution and reminders gets a clean answer and changes nothing', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const person = await userIn('customers')
  const reportEvent = await db().auditEvent.create({ data: { userId: person.id, type: 'activity_reported', result: 'success' }, select: { id: true } })
  const report = await db().activityReport.create({ data: { userId: person.id, reportEventId: reportEvent.id, createdAt: new Date() }, select: { id: true } })
  const long = 'x'.repeat(10_000)

  await expectCleanAnswers(page.request, '/admin/audit', actionId(ACTIONS.audit, 'verifyAuditLogAction'), 'verifyAuditLogAction', protocolRows(true))
  await expectCleanAnswers(page.request, '/admin/reports', actionId(ACTIONS.reports, 'resolveReportAction'), 'resolveReportAction', [
    ...protocolRows(true),
    ['an unknown report', stateAndForm({ reportId: 'nope', note: '' }), { code: 'report_not_found' }],
    ['an id of 10,000 characters', stateAndForm({ reportId: long, note: '' }), { code: 'report_not_found' }],
    ['a file as the report', stateAndForm({ reportId: file(report.id), note: '' }), { code: 'report_not_found' }],
    ['a note of 600 characters', stateAndForm({ reportId: report.id, note: 'n'.repeat(600) }), { code: 'report_note' }],
    ['a file as the note', stateAndForm({ reportId: report.id, note: file('note') }), { code: 'report_note' }],
  ])
  expect(await db().activityReport.findUniqueOrThrow({ where: { id: report.id }, select: { status: true, note: true } })).toEqual({
    status: 'open',
    note: null,
  })
  await expectCleanAnswers(page.request, '/admin/rollout', actionId(ACTIONS.rollout, 'sendPasskeyRemindersAction'), 'sendPasskeyRemindersAction', [
    ...protocolRows(true),
    ['an unknown group', stateAndForm({ groupId: 'nope' }), { code: 'group_not_found' }],
    ['a group id of 10,000 characters', stateAndForm({ groupId: long }), { code: 'group_not_found' }],
    ['a file as the group', stateAndForm({ groupId: file('employees') }), { code: 'group_not_found' }],
  ])

  // The page and the download ignore filters they cannot read; only a missing or unknown format is refused.
  for (const query of [
    'type=not_a_type',
    'from=2026-13-45&to=yesterday',
    `person=${long}`,
    'before=-5',
    'result=%00',
    `actor=${encodeURIComponent('<script>alert(1)</script>')}`,
  ]) {
    const pageResponse = await page.request.get(`/admin/audit?${query}`)
    expect(pageResponse.status(), query).toBe(200)
    expect(await pageResponse.text(), query).not.toContain('<script>alert(1)</script>')
    expect((await page.request.get(`/admin/audit/download?format=json&${query}`)).status(), query).toBe(200)
  }
  for (const query of ['', 'format=xml', `format=${long}`]) expect((await page.request.get(`/admin/audit/download?${query}`)).status(), query).toBe(400)
  await removeUsers(admin.id, person.id)
})
