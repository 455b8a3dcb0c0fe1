import { expect, test } from '../fixtures'
import { userIn } from '../policies/support'
import { DEMO } from '../support/servers'
import { removeUsers } from '../support/users'

test('the rollout dashboard shows the demo organisation, and each table downloads as the same CSV', async ({ page }, testInfo) => {
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Administrator: / })
    .click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Rollout' }).click()
  await page.getByLabel('Period').selectOption('90')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page.getByRole('heading', { name: 'Passkey rollout' })).toBeVisible()

  // 200 people in the demo organisation are active; the figures come from its seeded history.
  await expect(page.getByTestId('enrolment-summary')).toContainText(/of 20[0-9] active people have at least one passkey/)
  await expect(page.getByTestId('sign-ins-summary')).toContainText(/with a passkey/)
  await expect(page.getByTestId('phase-changes')).toContainText('Workforce phase 3')
  await page.screenshot({ path: testInfo.outputPath('rollout.png'), fullPage: true })

  // The enrolment table and its CSV hold the same rows.
  const table = page.getByRole('table', { name: 'Enrolment and recovery readiness by group' })
  const shown = await table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())))
  const csv = await (await page.request.get(`${DEMO.url}/admin/rollout/download?figure=enrolment&range=90`)).text()
  const lines = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',').map((field) => field.replaceAll('"', '')))
  // CSV: group, active, with_passkey, ready, warning, no_passkey; the table adds the phase target after the third column.
  expect(lines.map((line) => [line[1], line[3], line[4], line[5]])).toEqual(shown.map((row) => [row[1], row[4], row[5], row[6]]))
  expect(lines.length).toBeGreaterThanOrEqual(4)

  // Lost devices, protection and failures come from the seeded history too.
  await expect(page.getByTestId('support-summary')).toContainText(/Per 1,000 active people: [\d.]+ recoveries started/)
  await expect(page.getByTestId('protection-summary')).toContainText('were by passkey')
  await expect(page.getByRole('table', { name: 'Failed sign-ins by method and reason' })).toContainText('code wrong')
  const support = await (await page.request.get(`${DEMO.url}/admin/rollout/download?figure=support&range=90`)).text()
  const shownSupport = await page
    .getByRole('table', { name: /Recoveries and helpdesk access codes/ })
    .locator('tbody tr td:nth-of-type(1)')
    .allTextContents()
  expect(
    support
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]!.replaceAll('"', '')),
  ).toEqual(shownSupport)
  await expect(page.getByTestId('nudge-summary')).toContainText(/\d+ offers after email sign-ins; \d+% were followed by a new passkey/)

  // One group: its phase target, and the people still to enrol, all of them in the download.
  await page.getByLabel('Group').selectOption({ label: 'Employees' })
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page.getByRole('table', { name: 'Enrolment and recovery readiness by group' })).toContainText('60–75%')
  const missing = Number(/(\d+) active people in Employees have no passkey/.exec((await page.getByTestId('to-enrol-summary').textContent())!)![1])
  expect(missing).toBeGreaterThan(0)
  const listed = await page.getByRole('table', { name: 'Active people of the group without a passkey' }).locator('tbody tr').count()
  expect(listed).toBe(Math.min(missing, 50))
  const toEnrol = await (await page.request.get(`${DEMO.url}/admin/rollout/download?figure=to-enrol&group=employees`)).text()
  expect(toEnrol.trim().split('\r\n')).toHaveLength(missing + 1)

  // Acting on the list: one press emails each of them a fixed reminder; a second press within the week sends nothing.
  const first = toEnrol.trim().split('\r\n')[1]!.split(',')[0]!.replaceAll('"', '')
  await page.getByRole('button', { name: 'Email them a reminder' }).click()
  await expect(page.getByText(`Sending a reminder to ${missing} people.`, { exact: false })).toBeVisible()
  await page.goto(`${DEMO.url}/dev/mailbox`)
  await expect(page.getByRole('link', { name: new RegExp(`Set up a passkey for Passkey Portal.*To ${first.replace('.', '\\.')}`) })).toBeVisible()
  await page.goto(`${DEMO.url}/admin/rollout?group=employees`)
  await page.getByRole('button', { name: 'Email them a reminder' }).click()
  await expect(page.getByText('was reminded in the last 7 days')).toBeVisible()
})

test('the helpdesk gets 404 on the rollout dashboard and its downloads', async ({ page, signIn }) => {
  const agent = await userIn('customers', 'helpdesk')
  await signIn(page.context(), { ...agent, displayName: 'Policy Person' })
  for (const path of ['/admin/rollout', '/admin/rollout/download?figure=enrolment']) {
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404)
  }
  await removeUsers(agent.id)
})
