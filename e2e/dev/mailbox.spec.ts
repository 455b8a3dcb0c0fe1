import { expect, test } from '../fixtures'
import { latestEmailTo } from '../support/mailbox'
import { APP, DEMO } from '../support/servers'

test('in demo mode, email sent through sendEmail() is readable at /dev/mailbox', async ({ page }) => {
  // The demo server's seed sent each demo user a welcome email.
  await page.goto(`${DEMO.url}/dev/mailbox`)
  await expect(page.getByRole('heading', { name: 'Mailbox' })).toBeVisible()
  await page.getByRole('link', { name: /Welcome to Passkey Portal.*To ada@example\.com/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Passkey Portal')
  await expect(page.getByTestId('mailbox-to')).toHaveText('ada@example.com')
  await expect(page.getByTestId('mailbox-text')).toContainText(`${DEMO.url}/sign-in`)
  const html = page.frameLocator('iframe[title^="Email:"]')
  await expect(html.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible()
})

test('with RESEND_API_KEY, email goes through the Resend SDK to the provider', async () => {
  const email = await latestEmailTo('ada@example.com', /^Welcome to Passkey Portal$/)
  expect(email.from).toBe('Passkey Portal <login@portal.test>')
  expect(email.authorization).toBe('Bearer re_e2e_loopback')
  expect(email.html).toContain(`${APP.url}/sign-in`)
  expect(email.text).toContain(`${APP.url}/sign-in`)
})

test('a production server without demo mode has no dev mailbox', async ({ request }) => {
  for (const path of ['/dev/mailbox', '/dev/mailbox/anything', '/dev']) {
    const response = await request.get(`${APP.url}${path}`, { maxRedirects: 0 })
    expect(response.status(), path).toBe(404)
  }
  expect((await request.get(`${DEMO.url}/dev/mailbox`)).status()).toBe(200)
})

test('in demo mode the open mailbox shows new mail without a reload, filters by recipient, and check-email opens the newest', async ({ browser }) => {
  const address = `mailbox-${Date.now().toString(36)}@example.com`
  const context = await browser.newContext({ baseURL: DEMO.url })
  const mailbox = await context.newPage()
  await mailbox.goto('/dev/mailbox')
  // The filter is a GET form: typed and sent from the keyboard, the address is in the page's query.
  await mailbox.getByLabel('Recipient’s address').fill(address)
  await mailbox.getByLabel('Recipient’s address').press('Enter')
  await expect(mailbox).toHaveURL(`${DEMO.url}/dev/mailbox?to=${encodeURIComponent(address)}`)
  await expect(mailbox.getByText('No email to this address yet.')).toBeVisible()
  await mailbox.evaluate(() => Object.assign(window, { notReloaded: true }))

  const signIn = await context.newPage()
  await signIn.goto('/sign-in')
  await signIn.getByLabel('Email address').fill(address)
  await signIn.getByRole('button', { name: 'Continue' }).click()
  await expect(signIn.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  // The sign-in email appears in the mailbox still open, the same page; only that recipient's mail is listed.
  const messages = mailbox.getByRole('list', { name: `Messages to ${address}, newest first` }).getByRole('link')
  await expect(messages.first()).toContainText(`To ${address}`)
  expect(await mailbox.evaluate(() => 'notReloaded' in window)).toBe(true)
  for (const message of await messages.all()) await expect(message).toContainText(`To ${address}`)
  await expect(mailbox.getByRole('link', { name: /Welcome to Passkey Portal.*To ada@example\.com/ })).toHaveCount(0)

  // The check-email page, in demo mode, links to the newest message to the address it was sent to.
  await signIn.getByRole('link', { name: 'Open the newest email for this address' }).click()
  await expect(signIn.getByTestId('mailbox-to')).toHaveText(address)
  await expect(signIn.getByTestId('mailbox-text')).toContainText('/sign-in/link?token=')
  await context.close()
})

test('without demo mode the check-email page has no mailbox link and the mailbox’s updates do not exist', async ({ page, request }) => {
  await page.goto(`${APP.url}/sign-in`)
  await page.getByLabel('Email address').fill(`no-mailbox-${Date.now().toString(36)}@example.com`)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await expect(page.getByTestId('demo-mailbox')).toHaveCount(0)
  for (const path of ['/dev/mailbox/updates?to=ada@example.com', '/dev/mailbox/newest?to=ada@example.com']) {
    expect((await request.get(`${APP.url}${path}`, { maxRedirects: 0 })).status(), path).toBe(404)
  }
})
