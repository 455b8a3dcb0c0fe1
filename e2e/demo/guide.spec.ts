import { expect, test, type Browser, type Page } from '@playwright/test'
import { addVirtualAuthenticator } from '../support/authenticator'
import { clockOf, demoRows, followStep, guidePanel, happened } from '../support/demo-guide'
import { ACME, DEMO } from '../support/servers'

/**
 * The demo guide: each tour walked from a signed-out browser on the demo
 * server, doing only what the guide says (its links, the controls it names,
 * what it says to type), and each "what just happened" checked against the
 * demo server's records.
 */

type Row = { createdAt: string; detail: string | null }
const EMPLOYEE = 'demo-person-007'

/** A fresh browser on the sign-in page, the guide opened and the tour started by its title. */
async function startTour(browser: Browser, title: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await addVirtualAuthenticator(page)
  await page.goto(`${DEMO.url}/sign-in`)
  await page.getByRole('button', { name: 'Demo guide' }).click()
  await guidePanel(page)
    .getByRole('button', { name: `Start: ${title}` })
    .click()
  await expect(guidePanel(page).getByTestId('guide-tour')).toHaveText(title)
  return page
}

/** The newest of someone's events of a type, as recorded. */
function newest(userId: string, type: string, since: Date): Row {
  const [row] = demoRows<Row>('auditEvent', {
    where: { userId, type, result: 'success', createdAt: { gte: since.toISOString() } },
    orderBy: { createdAt: 'desc' },
    take: 1,
    select: { createdAt: true, detail: true },
  })
  if (!row) throw new Error(`no ${type} for ${userId}`)
  return row
}

const person = (id: string) => demoRows<{ displayName: string; email: string }>('user', { where: { id }, select: { displayName: true, email: true } })[0]!

/**
 * The code in the newest email to `email`, from the mailbox tab the guide's link opened. The email is sent after
 * the response, so that tab may show an older message (a notice) at first: as a person would, read it again.
 */
async function mailedCode(opened: Page | null, email: string): Promise<string> {
  if (!opened) throw new Error('the guide opened no mailbox')
  for (let attempt = 0; attempt < 40; attempt++) {
    const subject = await opened.getByRole('heading', { level: 1 }).textContent()
    if (subject?.startsWith('Recover your')) {
      const code = /\b(\d{6})\b/.exec((await opened.getByTestId('mailbox-text').textContent()) ?? '')![1]!
      await opened.close()
      return code
    }
    await opened.waitForTimeout(500)
    await opened.goto(`${DEMO.url}/dev/mailbox/newest?${new URLSearchParams({ to: email })}`)
  }
  throw new Error(`no recovery email to ${email}`)
}

test.describe.configure({ mode: 'serial' })

test('the guide is closed until asked, reopens where it was, and keeps its tour over a reload', async ({ page }) => {
  await page.goto(`${DEMO.url}/sign-in`)
  await expect(guidePanel(page)).toHaveCount(0)
  await page.getByRole('button', { name: 'Demo guide' }).click()
  await expect(guidePanel(page).getByRole('heading', { name: 'Demo guide' })).toBeFocused()
  await guidePanel(page).getByRole('button', { name: 'Start: A lost phone' }).click()
  // The pressed button is gone with the list: focus goes to the panel's heading, and each step says its state in words.
  await expect(guidePanel(page).getByRole('heading', { name: 'Demo guide' })).toBeFocused()
  await expect(guidePanel(page).getByTestId('guide-step-status')).toHaveText(['Your step', 'Later', 'Later', 'Later', 'Later'])
  await page.reload()
  await expect(guidePanel(page).getByTestId('guide-tour')).toHaveText('A lost phone')
  await guidePanel(page).getByRole('button', { name: 'Close the guide' }).click()
  await expect(page.getByRole('button', { name: 'Demo guide' })).toBeFocused()
  await page.reload()
  await page.getByRole('button', { name: 'Demo guide' }).click()
  await expect(guidePanel(page).getByTestId('guide-tour')).toHaveText('A lost phone')
  await guidePanel(page).getByRole('button', { name: 'End this tour' }).click()
  await expect(guidePanel(page).getByRole('button', { name: /^Start: / })).toHaveCount(5)
})

test('tour: an employee signs in and adds a passkey', async ({ browser }) => {
  test.setTimeout(90_000)
  const since = new Date()
  const page = await startTour(browser, 'An employee signs in and adds a passkey')
  const employee = person(EMPLOYEE)
  const none = async () => ''

  await followStep(page, none)
  expect(await happened(page, 0)).toContain(
    `At ${await clockOf(page, newest(EMPLOYEE, 'sign_in', since).createdAt)}, ${employee.displayName} signed in with one press`,
  )
  await followStep(page, none)
  const added = newest(EMPLOYEE, 'passkey_added', since)
  const name = (JSON.parse(added.detail!) as { name: string }).name
  expect(await happened(page, 1)).toContain(`At ${await clockOf(page, added.createdAt)}, this device made a key pair for localhost.`)
  expect(await happened(page, 1)).toContain(`named “${name}”`)
  await followStep(page, none)
  expect(await happened(page, 2)).toContain(`At ${await clockOf(page, newest(EMPLOYEE, 'sign_in', since).createdAt)}, the passkey signed a one-time challenge`)
  await expect(guidePanel(page).getByTestId('guide-finished')).toBeVisible()
  await page.context().close()
})

test('tour: a lost phone', async ({ browser }) => {
  test.setTimeout(120_000)
  const since = new Date()
  const page = await startTour(browser, 'A lost phone')
  const employee = person(EMPLOYEE)
  let kept = ''
  const supply = async (field: string, opened: Page | null) => (field === 'Recovery code' ? kept : mailedCode(opened, employee.email))

  await followStep(page, supply)
  await happened(page, 0)
  await followStep(page, supply)
  // "Keep one of the codes": the first one shown.
  kept = (await page.getByTestId('recovery-code').first().textContent())!
  expect(await happened(page, 1)).toContain(`At ${await clockOf(page, newest(EMPLOYEE, 'recovery_codes_generated', since).createdAt)}, the portal made a set`)
  await followStep(page, supply)
  expect(await happened(page, 2)).toContain(`the emailed code proved that ${employee.email} is yours`)
  await followStep(page, supply)
  expect(await happened(page, 3)).toContain(`At ${await clockOf(page, newest(EMPLOYEE, 'recovery_factor', since).createdAt)}, a recovery code was used`)
  await followStep(page, supply)
  const recovered = newest(EMPLOYEE, 'account_recovered', since)
  const passkeyId = (JSON.parse(recovered.detail!) as { passkeyId: string }).passkeyId
  const [passkey] = demoRows<{ name: string }>('passkey', { where: { id: passkeyId, userId: EMPLOYEE }, select: { name: true } })
  expect(await happened(page, 4)).toContain(`${employee.displayName} got back in with a new passkey, “${passkey!.name}”`)
  await page.context().close()
})

test('tour: the helpdesk', async ({ browser }) => {
  test.setTimeout(120_000)
  const since = new Date()
  const page = await startTour(browser, 'The helpdesk')
  const [agent, employee] = [person('demo-person-003'), person(EMPLOYEE)]
  let kept = ''
  const supply = async () => kept

  await followStep(page, supply)
  expect(await happened(page, 0)).toContain(`${agent.displayName} signed in with one press`)
  await followStep(page, supply)
  // "Keep the code it shows."
  kept = (await page.getByTestId('access-code').textContent())!
  const issued = newest(EMPLOYEE, 'access_code_issued', since)
  const codeId = (JSON.parse(issued.detail!) as { accessCodeId: string }).accessCodeId
  const [code] = demoRows<{ expiresAt: string }>('accessCode', { where: { id: codeId, userId: EMPLOYEE }, select: { expiresAt: true } })
  expect(await happened(page, 1)).toContain(
    `${agent.displayName} issued a one-time access code for ${employee.displayName}, valid until ${await clockOf(page, code!.expiresAt)}.`,
  )
  await followStep(page, supply)
  expect(await happened(page, 2)).toContain(`At ${await clockOf(page, newest(EMPLOYEE, 'access_code_used', since).createdAt)}, the access code worked`)
  await followStep(page, supply)
  expect(await happened(page, 3)).toContain(`${employee.displayName} got back in with a new passkey`)
  await page.context().close()
})

test('tour: IT rolls out passkeys', async ({ browser }) => {
  test.setTimeout(120_000)
  const since = new Date()
  const page = await startTour(browser, 'IT rolls out passkeys')
  const none = async () => ''
  for (let step = 0; step < 3; step++) {
    await followStep(page, none)
    await happened(page, step)
  }
  await followStep(page, none)
  await expect(page.getByText(/Sending a reminder to \d+ (person|people)\./)).toBeVisible()
  const sent = Number(/Sending a reminder to (\d+)/.exec((await page.getByText(/Sending a reminder to/).textContent())!)![1])
  expect(sent).toBeGreaterThan(0)
  // The reminders go out after the response; the guide counts them as they are recorded.
  await expect
    .poll(
      () =>
        demoRows('auditEvent', {
          where: { type: 'passkey_reminder_sent', actorId: 'demo-person-001', createdAt: { gte: since.toISOString() } },
          select: { id: true },
        }).length,
    )
    .toBe(sent)
  await expect(guidePanel(page).locator('ol > li').nth(3).locator('[data-guide="happened"]')).toContainText(
    `${sent} ${sent === 1 ? 'person' : 'people'} in Contractors without a passkey got a reminder by email`,
  )
  await page.context().close()
})

test('tour: an app asks for a passkey', async ({ browser }) => {
  test.setTimeout(120_000)
  const since = new Date()
  const page = await startTour(browser, 'An app asks for a passkey')
  const contractor = person('demo-person-127')
  const acme = await followStep(page, async () => '')
  await expect(acme).toHaveURL(`${ACME.url}/`)
  // The guide stays in the portal's tab and reads the records as they come.
  expect(await happened(page, 0)).toContain(`Acme Expenses was told who signed in (${contractor.email}, a verified address) and how: a demo press`)
  // The next step's controls are in Acme's tab: the guide's words, pressed there.
  const todo = guidePanel(page).locator('li[data-status="current"] [data-guide="press"]')
  await expect(todo).toHaveText(['Approve €12,500.00 with a passkey', 'Create a passkey on this device'])
  await acme.getByRole('button', { name: 'Approve €12,500.00 with a passkey' }).click()
  await expect(acme.getByTestId('approval-summary')).toHaveText('Approve €12,500.00 to Northwind Traders')
  await acme.getByRole('button', { name: 'Create a passkey on this device' }).click()
  await expect(acme).toHaveURL(`${ACME.url}/`)
  const approved = newest('demo-person-127', 'app_sign_in', since)
  expect(JSON.parse(approved.detail!)).toMatchObject({ amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' })
  expect(await happened(page, 1)).toBe(
    `At ${await clockOf(page, approved.createdAt)}, a passkey approved €12,500.00 to “Northwind Traders” on the portal page that showed them. Acme Expenses was told “phishing-resistant” and the payment itself; it compares that with its own payment before it marks it approved.`,
  )
  await expect(guidePanel(page).getByTestId('guide-finished')).toBeVisible()
  await page.context().close()
})
