import { randomBytes } from 'node:crypto'
import { expect, test } from '../fixtures'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { DEMO } from '../support/servers'

test('behind one trusted proxy, the address the proxy appended counts, not what the client put before it', async ({ browser, user }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.5, 198.51.100.201' } })
  const page = await context.newPage()
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account$/)
  await page.goto('/account/sessions')
  await expect(page.getByTestId('session')).toContainText('IP 198.51.100.201')
  await expect(page.getByText('203.0.113.5')).toHaveCount(0)
  await context.close()
})

test('with no trusted proxy (the demo server), X-Forwarded-For is ignored: the address is the connection’s', async ({ browser }) => {
  const email = `direct-${randomBytes(4).toString('hex')}@example.com`
  const context = await browser.newContext({ baseURL: DEMO.url, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } })
  const page = await context.newPage()
  await requestEmail(page, email)
  // Demo mode keeps the email in its mailbox.
  const mailbox = await context.newPage()
  await mailbox.goto('/dev/mailbox')
  await mailbox.getByRole('link', { name: new RegExp(`To ${email.replace('.', '\\.')}`) }).click()
  const code = (await mailbox.getByTestId('mailbox-text').textContent())!.match(/\b(\d{6})\b/)![1]!
  await enterCode(page, code)
  await expect(page).toHaveURL(/\/account$/)
  await page.goto('/account/sessions')
  await expect(page.getByTestId('session')).toContainText(/IP (127\.0\.0\.1|::1)\b/)
  await expect(page.getByText('203.0.113.77')).toHaveCount(0)
  await context.close()
})
