import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { anchorNewestHead } from '../../lib/audit/anchor'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { userIn } from '../policies/support'
import { actionId, callAction } from '../support/server-actions'
import { stateAndForm } from '../security/hostile-input/rows'
import { AUDIT_ANCHOR_FILE } from '../support/servers'
import { removeUsers } from '../support/users'

const AUDIT = 'app/(admin)/admin/audit/actions.ts'
const REPORTS = 'app/(admin)/admin/reports/actions.ts'

/** Clicks "Verify the log" and waits until the check is in the log, its last step: none is still running when the test goes on (and edits a row). */
async function verifyNow(page: Page, adminId: string) {
  const checks = () => db().auditEvent.count({ where: { actorId: adminId, type: 'audit_log_verified' } })
  const before = await checks()
  await page.getByRole('button', { name: 'Verify the log' }).click()
  await expect.poll(checks).toBe(before + 1)
}

test('the audit log names the acting admin, downloads, verifies, and names a row edited in the database', async ({ page, signIn }) => {
  // The suspension is sealed once it is 30 s old.
  test.setTimeout(120_000)
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const person = await userIn('customers')

  await page.goto(`/admin/people/${person.id}`)
  await page.getByRole('button', { name: 'Suspend' }).click()
  await expect(page.getByRole('status')).toContainText('Suspended')

  // The navigation leads there; the person's events are found by address, with who acted.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await page.getByLabel('Person (email address)').fill(person.email.toUpperCase())
  await page.getByRole('button', { name: 'Filter' }).click()
  const events = page.getByTestId('audit-events')
  await expect(events.getByRole('listitem').filter({ hasText: 'Account suspended by an administrator' })).toContainText(`By: ${admin.email}`)
  await page.getByLabel('Actor (administrator’s address or client name)').fill(admin.email)
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(events.getByRole('listitem')).toHaveCount(1)

  const csv = await page.request.get(`/admin/audit/download?format=csv&person=${encodeURIComponent(person.email)}`)
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-disposition']).toContain('audit-log-')
  expect(await csv.text()).toContain(`"account_suspended","success",,,"${person.email}","${admin.email}"`)
  const json = (await (
    await page.request.get(`/admin/audit/download?format=json&type=account_suspended&person=${encodeURIComponent(person.email)}`)
  ).json()) as {
    type: string
    actor: string
  }[]
  expect(json).toEqual([expect.objectContaining({ type: 'account_suspended', actor: admin.email })])

  // Verify: seals what has settled (rows 30 s old) and checks the whole chain; the suspension is sealed once it settles.
  const suspension = () =>
    db().auditEvent.findFirstOrThrow({ where: { userId: person.id, type: 'account_suspended' }, select: { id: true, seq: true, detail: true } })
  await expect(async () => {
    await verifyNow(page, admin.id)
    await expect(page.getByText(/^The log verifies: all [\d,]+ sealed rows are as they were written/)).toBeVisible()
    expect((await suspension()).seq).not.toBeNull()
  }).toPass({ timeout: 60_000, intervals: [5_000] })

  // Someone with database access rewrites the suspension's details; the check names that row.
  const row = await suspension()
  await db().auditEvent.update({ where: { id: row.id }, data: { detail: JSON.stringify({ by: 'someone-else@example.com' }) } })
  try {
    await page.reload()
    await page.getByRole('button', { name: 'Verify the log' }).click()
    await expect(page.getByText(`The log does not verify: row ${row.seq} (event ${row.id}) was changed after it was sealed.`)).toBeVisible()
  } finally {
    await db().auditEvent.update({ where: { id: row.id }, data: { detail: row.detail } })
  }
  await page.reload()
  await page.getByRole('button', { name: 'Verify the log' }).click()
  await expect(page.getByText(/^The log verifies/)).toBeVisible()
  // Both checks are in the log, with their outcome.
  expect(await db().auditEvent.count({ where: { actorId: admin.id, type: 'audit_log_verified', result: 'failure' } })).toBe(1)
  await removeUsers(admin.id, person.id)
})

test('the audit log shows when its head was last anchored outside the database, and verifies against it', async ({ page, signIn }) => {
  // Rows are sealed once they are 30 s old.
  test.setTimeout(120_000)
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  await page.goto('/admin/audit')
  const anchoring = page.getByTestId('audit-anchoring')
  await expect(anchoring).toContainText('Verifying compares the log with the anchor file.')
  // Where the anchor is stays off the page.
  await expect(anchoring).not.toContainText(AUDIT_ANCHOR_FILE)

  // Once something is sealed, npm run maintenance anchors the newest head in the file (this is its step).
  await expect(async () => {
    await verifyNow(page, admin.id)
    await expect(page.getByText(/^The log verifies/)).toBeVisible()
    expect(await db().auditCheckpoint.count({ where: { kind: 'sealed' } })).toBeGreaterThan(0)
  }).toPass({ timeout: 60_000, intervals: [5_000] })
  const outcome = await anchorNewestHead()
  if (outcome.status !== 'anchored') throw new Error(`The head was not anchored: ${outcome.status}`)
  const { lastSeq, anchoredAt } = outcome.anchored
  const lines = readFileSync(AUDIT_ANCHOR_FILE, 'utf8').trim().split('\n')
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ lastSeq, anchoredAt: anchoredAt.toISOString() })

  // The page says when, read from the database: a page view reads no file and writes nothing.
  await page.reload()
  await expect(anchoring).toContainText(`rows up to #${lastSeq}, in the anchor file.`)
  await expect(anchoring.locator('time')).toHaveAttribute('datetime', anchoredAt.toISOString())
  // "Verify the log" finds that head in the chain (another test may be editing a row meanwhile: try again then).
  await expect(async () => {
    await page.reload()
    await verifyNow(page, admin.id)
    // When, on the administrator's clock with the zone named (the page says which zone).
    await expect(page.getByText(new RegExp(`The log holds the head anchored in the anchor file on .+ \\(row ${lastSeq}\\)\\.`))).toBeVisible({
      timeout: 5_000,
    })
  }).toPass({ timeout: 30_000 })
  await removeUsers(admin.id)
})

test('a “This wasn’t me” report reaches the admins, who resolve it once with a note', async ({ browser, page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  const person = await userIn('customers')
  const theirs = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${randomBytes(1)[0]! % 200}` } })
  await signIn(theirs, { ...person, displayName: 'Policy Person' })
  await db().auditEvent.create({
    data: {
      userId: person.id,
      type: 'sign_in',
      result: 'success',
      method: 'email_code',
      ipAddress: '203.0.113.77',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    },
  })
  const theirPage = await theirs.newPage()
  await theirPage.goto('/account/activity')
  const item = theirPage.getByTestId('activity-item').filter({ hasText: 'IP 203.0.113.77' })
  await item.getByText('This wasn’t me').click()
  await item.getByRole('button', { name: /sign out other sessions/ }).click()
  await expect(item.getByTestId('report-result')).toBeVisible()
  await theirs.close()

  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  await page.goto(`/admin/people/${person.id}`)
  await expect(page.getByTestId('person-reports')).toContainText('Reported')
  await page.getByRole('link', { name: 'Resolve under Reports' }).click()
  const open = page.getByRole('list', { name: /^Open/ }).getByRole('listitem').filter({ hasText: person.email })
  await expect(open).toContainText('About: Signed in')
  await open.getByLabel('What was done').fill('Called them: it was their new laptop.')
  await open.getByRole('button', { name: 'Mark resolved' }).click()
  const resolved = page.getByRole('list', { name: 'Recently resolved' }).getByRole('listitem').filter({ hasText: person.email })
  await expect(resolved).toContainText(`Resolved by ${admin.email}`)
  await expect(resolved).toContainText('Called them: it was their new laptop.')

  // Posting the same resolution again changes nothing.
  const report = await db().activityReport.findFirstOrThrow({ where: { userId: person.id }, select: { id: true, note: true } })
  const again = await callAction(
    page.request,
    '/admin/reports',
    actionId(REPORTS, 'resolveReportAction'),
    stateAndForm({ reportId: report.id, note: 'overwritten' }),
  )
  expect(await again.text()).toContain('"code":"report_not_found"')
  expect((await db().activityReport.findUniqueOrThrow({ where: { id: report.id }, select: { note: true } })).note).toBe('Called them: it was their new laptop.')
  expect(await db().auditEvent.count({ where: { userId: person.id, type: 'activity_report_resolved', actorId: admin.id } })).toBe(1)
  await removeUsers(admin.id, person.id)
})

test('the helpdesk gets 404 on the audit log, its download and reports, and its posts there are refused', async ({ page, signIn }) => {
  const agent = await userIn('customers', 'helpdesk')
  await signIn(page.context(), { ...agent, displayName: 'Policy Person' })
  for (const path of ['/admin/audit', '/admin/audit/download?format=csv', '/admin/audit/download?format=json', '/admin/reports', '/admin/policies']) {
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404)
  }
  await page.goto('/admin/people')
  const nav = page.getByRole('navigation', { name: 'Account' })
  await expect(nav.getByRole('link', { name: 'People' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Reports' })).toHaveCount(0)

  const verify = await callAction(page.request, '/admin/audit', actionId(AUDIT, 'verifyAuditLogAction'), stateAndForm({}))
  expect(await verify.text()).toContain('"code":"not_found"')
  const report = await db().activityReport.findFirst({ where: { status: 'open' }, select: { id: true } })
  const resolve = await callAction(
    page.request,
    '/admin/reports',
    actionId(REPORTS, 'resolveReportAction'),
    stateAndForm({ reportId: report?.id ?? 'none', note: 'x' }),
  )
  expect(await resolve.text()).toContain('"code":"not_found"')
  if (report) expect((await db().activityReport.findUniqueOrThrow({ where: { id: report.id }, select: { status: true } })).status).toBe('open')
  expect(await db().auditEvent.count({ where: { actorId: agent.id, type: { in: ['audit_log_verified', 'activity_report_resolved', 'data_exported'] } } })).toBe(
    0,
  )
  await removeUsers(agent.id)
})
