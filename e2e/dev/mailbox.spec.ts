import { expect, test } from '@playwright/test'
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
