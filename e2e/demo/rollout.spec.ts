import { execFileSync } from 'node:child_process'
import type { Locator, Page } from '@playwright/test'
import { FIGURE_IDS } from '../../lib/rollout/view'
import { expect, test } from '../fixtures'
import { userIn } from '../policies/support'
import { DEMO } from '../support/servers'
import { removeUsers } from '../support/users'

/** A table's rows as the text of their cells, counts without their thousands separators (as the download has them). */
const tableRows = (table: Locator) =>
  table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())))
    .then((rows) => rows.map((cells) => cells.map((cell) => (/^\d{1,3}(,\d{3})+$/.test(cell) ? cell.replaceAll(',', '') : cell))))

/** A download's rows without its ISO 8601 columns, which stand beside the days and times in the reader's words. */
const withoutIsoColumns = (rows: string[][]) => {
  const kept = rows[0]!.map((heading, index) => (heading.endsWith(' (ISO 8601)') ? -1 : index)).filter((index) => index >= 0)
  return rows.map((row) => kept.map((index) => row[index]!))
}

/** A CSV download's rows, header first, as the text of their fields (every field is quoted; none here holds a quote). */
async function csvRows(page: Page, figure: string, query = 'range=90'): Promise<string[][]> {
  const csv = await (await page.request.get(`${DEMO.url}/admin/rollout/download?figure=${figure}&${query}`)).text()
  return csv
    .trim()
    .split('\r\n')
    .map((line) => line.slice(1, -1).split('","'))
}

/** Signs in with the demo panel's administrator. */
async function signInAsDemoAdmin(page: Page) {
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Administrator: / })
    .click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
}

/**
 * Signs in as the demo panel's administrator with a test session, which stands for any proof, a passkey
 * included: sending reminders asks an administrator for a fresh passkey, and the panel's one press is no passkey
 * (lib/demo/accounts.ts). The session is made in the demo server's database, as the `signIn` fixture does for the other.
 */
async function signInAsConfirmedDemoAdmin(page: Page) {
  const script = `const { issueSession } = await import('./lib/auth/session/store.ts')
const issued = await issueSession('demo-person-001', 'fixture', { ipAddress: '127.0.0.1', userAgent: 'playwright fixture' })
console.log(JSON.stringify({ secret: issued.secret }))
process.exit(0)`
  const env = { ...process.env, DATABASE_URL: DEMO.databaseUrl }
  const output = execFileSync('node_modules/.bin/tsx', ['--import', './scripts/register.mjs', '-e', script], { env, encoding: 'utf8' })
  const { secret } = JSON.parse(output) as { secret: string }
  await page.context().addCookies([{ name: 'portal.session', value: secret, url: DEMO.url, httpOnly: true, sameSite: 'Lax' }])
}

test('the rollout dashboard shows the demo organisation in charts, each with a table view, at 1280 and 360 px', async ({ page }, testInfo) => {
  await signInAsDemoAdmin(page)
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Rollout' }).click()
  await page.getByLabel('Period').selectOption('90')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page.getByRole('heading', { name: 'Passkey rollout' })).toBeVisible()

  // 200 people in the demo organisation are active; the figures come from its seeded history.
  await expect(page.getByTestId('enrolment-summary')).toContainText(/of 20[0-9] active people have at least one passkey/)
  await expect(page.getByTestId('sign-ins-summary')).toContainText(/with a passkey/)
  await expect(page.getByRole('table', { name: 'Rollout phase changes by group' })).toContainText('Workforce phase 3')
  await expect(page.getByTestId('time-to-sign-in-summary')).toContainText(/half of the sign-ins took at most: Emailed code \d+\.\ds/)

  // Five charts, drawn as SVG from the seeded history, each with a phase marker where one falls in its span.
  const charts = page.getByTestId('figure-chart')
  await expect(charts).toHaveCount(5)
  for (const chart of await charts.all()) await expect(chart.locator('svg.recharts-surface').first()).toBeVisible()
  await expect(
    page.getByRole('img', { name: /^Chart: Share of today’s \d+ active people with a passkey/ }).locator('.recharts-reference-line'),
  ).not.toHaveCount(0)
  await expect(
    page
      .getByRole('img', { name: /^Chart: Successful sign-ins each day/ })
      .locator('.recharts-bar-rectangle')
      .first(),
  ).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('rollout.png'), fullPage: true })

  // Each chart's table view is reached and opened from the keyboard alone.
  const tableViews = page.locator('details[data-testid$="-table-view"]')
  const views = await tableViews.count()
  expect(views).toBe(5)
  await page.getByRole('button', { name: 'Show' }).focus()
  for (let opened = 0, presses = 0; opened < views; presses += 1) {
    expect(presses, 'Tab presses to reach every table view').toBeLessThan(500)
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => (document.activeElement?.tagName === 'SUMMARY' ? document.activeElement.textContent : null))
    if (focused !== 'Table view') continue
    await page.keyboard.press('Enter')
    opened += 1
  }
  for (const view of await tableViews.all()) await expect(view.getByRole('table')).toBeVisible()

  // Lost devices, protection and failures come from the seeded history too.
  await expect(page.getByTestId('support-summary')).toContainText(/Per 1,000 active people: [\d.]+ recoveries started/)
  await expect(page.getByTestId('step-ups-summary')).toContainText('were by passkey')
  await expect(page.getByRole('table', { name: 'Failed sign-ins by method and reason' })).toContainText('code wrong')
  await expect(page.getByTestId('nudge-summary')).toContainText(/\d+ offers after email sign-ins; \d+% were followed by a new passkey/)

  // At 360 px in dark mode the charts shrink to the screen: nothing is wider than it.
  await page.setViewportSize({ width: 360, height: 800 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  for (const chart of await charts.all()) expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(360)
  // Every group and provider keeps its name beside its bar on a phone: none dropped for want of room.
  for (const figure of ['enrolment', 'providers']) {
    const section = page.locator(`section[aria-labelledby="${figure}-heading"]`)
    const names = [...new Set(await section.locator('table tbody tr > :first-child').allTextContents())]
    const labels = section.getByTestId('figure-chart').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
    await expect(labels).toHaveCount(names.length)
    const shown = await labels.allTextContents()
    for (const name of shown)
      expect(
        names.some((whole) => whole.startsWith(name.replace(/…$/, ''))),
        `${figure}: ${name}`,
      ).toBe(true)
  }
  await page.screenshot({ path: testInfo.outputPath('rollout-360-dark.png'), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ colorScheme: 'light' })
})

test('in Arabic the dashboard reads right to left: charts mirrored, their labels inside them, at 1280 and 360 px', async ({
  browser,
  page: english,
}, testInfo) => {
  // Signed in as the demo's administrator, then the same browser asks for Arabic (Accept-Language).
  await signInAsDemoAdmin(english)
  const context = await browser.newContext({ locale: 'ar', storageState: await english.context().storageState() })
  const page = await context.newPage()
  await page.goto(`${DEMO.url}/admin/rollout?range=90`)
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('طرح مفاتيح المرور')
  await expect(page.getByTestId('sign-ins-summary')).toContainText('بمفتاح مرور')
  const charts = page.getByTestId('figure-chart')
  await expect(charts).toHaveCount(5)

  /**
   * Each chart's vertical axis (its values, or the names of a chart drawn as rows) stands right of its plot, and no axis
   * label reaches outside the chart or wraps for want of room.
   */
  async function expectMirroredAndWhole() {
    // Measured in one pass inside the page: a round trip per label (hundreds) took minutes on a busy machine.
    await expect.poll(() => charts.evaluateAll((elements) => elements.every((chart) => chart.querySelector('.recharts-yAxis')))).toBe(true)
    const measured = await charts.evaluateAll((elements) =>
      elements.map((chart) => {
        const box = (element: Element) => {
          const { x, width } = element.getBoundingClientRect()
          return { x, width }
        }
        const labels = [...chart.querySelectorAll('.recharts-cartesian-axis-tick-value')].filter((label) => label.getClientRects().length > 0)
        return {
          surface: box(chart),
          axis: box(chart.querySelector('.recharts-yAxis')!),
          plot: box(chart.querySelector('.recharts-cartesian-grid')!),
          labels: labels.map((label) => ({ ...box(label), lines: label.querySelectorAll('tspan').length, text: label.textContent })),
        }
      }),
    )
    for (const { surface, axis, plot, labels } of measured) {
      expect(axis.x).toBeGreaterThanOrEqual(plot.x + plot.width - 1)
      for (const label of labels) {
        expect(label.lines, label.text ?? '').toBeLessThanOrEqual(1)
        expect(label.x, label.text ?? '').toBeGreaterThanOrEqual(surface.x - 1)
        expect(label.x + label.width, label.text ?? '').toBeLessThanOrEqual(surface.x + surface.width + 1)
      }
    }
  }
  await page.screenshot({ path: testInfo.outputPath('rollout-ar.png'), fullPage: true })
  await expectMirroredAndWhole()
  await page.setViewportSize({ width: 360, height: 800 })
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  await page.screenshot({ path: testInfo.outputPath('rollout-ar-360.png'), fullPage: true })
  await expectMirroredAndWhole()
  await context.close()
})

test('each table of the rollout dashboard downloads as the same CSV', async ({ page }) => {
  await signInAsDemoAdmin(page)
  // Every figure's table and its CSV hold the same headings and cells. Other tests sign in to this server meanwhile,
  // so the period ends yesterday and the page and its downloads are read again until no one changed anything in between.
  // (The people still to enrol appear with a group chosen; their download is checked with one group.)
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
  const past = `range=custom&from=${day(90)}&to=${day(1)}`
  await expect(async () => {
    await page.goto(`${DEMO.url}/admin/rollout?${past}`)
    for (const figure of FIGURE_IDS.filter((id) => id !== 'to-enrol')) {
      const table = page.locator(`section[aria-labelledby="${figure}-heading"] table`)
      const headings = await table.locator('thead th').allTextContents()
      const csv = await csvRows(page, figure, past)
      // Each column of days or times comes with its ISO 8601 form first.
      if (['enrolled-by-week', 'sign-ins-by-day', 'phases'].includes(figure)) expect(csv[0]![0], figure).toBe(`${headings[0]} (ISO 8601)`)
      expect(withoutIsoColumns(csv), figure).toEqual([headings, ...(await tableRows(table))])
    }
  }).toPass({ timeout: 45_000 })
  expect((await csvRows(page, 'enrolment', past)).length).toBeGreaterThanOrEqual(5)
})

test('one group shows its phase target and the people still to enrol, who can be emailed a reminder once a week', async ({ page }) => {
  await signInAsConfirmedDemoAdmin(page)
  await page.goto(`${DEMO.url}/admin/rollout?range=90`)
  await page.getByLabel('Group').selectOption({ label: 'Employees' })
  await page.getByRole('button', { name: 'Show' }).click()
  // The phase target is in the visible summary, and in the table behind "Table view".
  await expect(page.getByTestId('enrolment-summary')).toContainText(/Phase targets: .*Employees \d+% \(target 60–75%: (below|on target|ahead)\)/)
  await page.getByTestId('enrolment-table-view').getByText('Table view').click()
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
