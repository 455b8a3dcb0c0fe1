import { expect, test } from '@playwright/test'
import { openTamperedApproval } from '../support/acme'
import { demoCustomerWithPasskey } from '../support/demo-customer'
import { ACME, DEMO } from '../support/servers'

/**
 * The demo's relying party, Acme Expenses, as a product team shows it with
 * npm run demo: sign in through the portal and read, in plain words, what it
 * was told; approve the large payment with a passkey, bound to that payment
 * (RFC 9396), the small one with a press; sign out of both.
 */
test('Acme Expenses tells how you signed in, approves each payment only as approved, and signs out of both', async ({ page }) => {
  test.setTimeout(120_000)
  // A customer of the demo organisation signs in to the portal and adds a passkey on this device.
  await demoCustomerWithPasskey(page)

  // Sign in to the app: already signed in to the portal, so straight back, told how in words; the claims behind a disclosure.
  await page.goto(`${ACME.url}/`)
  await page.getByRole('button', { name: 'Sign in with Passkey Portal' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible()
  await expect(page.getByTestId('signed-in-how')).toHaveText(/^Signed in with a demo account’s one press \(no proof of who you are\) at .+ UTC\.$/)
  await expect(page.locator('[data-claim="acr"]')).toBeHidden()
  await page.getByText('What Passkey Portal told this app').click()
  await expect(page.locator('[data-claim="acr"]')).toHaveText('"urn:passkey-portal:acr:email"')
  await expect(page.locator('[data-claim="amr"]')).toHaveText('["demo"]')
  await expect(page.locator('[data-claim="auth_time"] time')).toHaveText(/ UTC$/)
  await expect(page.locator('[data-claim="email_verified"]')).not.toHaveText('null')
  const waiting = page.getByRole('region', { name: 'Payments waiting for you' })
  const approved = page.getByRole('region', { name: 'Approved' })

  // A request changed on its way to the portal (another amount) is shown as it is there, and Acme refuses its token.
  await openTamperedApproval(page)
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByTestId('refused')).toHaveText('Not approved: the portal approved a different payment from this one.')
  await expect(waiting.locator('[data-payment="northwind"]')).toBeVisible()

  // The large payment: the portal shows what is approved before the passkey prompt; Acme names who, how and when.
  await waiting.getByRole('button', { name: 'Approve €12,500.00 with a passkey' }).click()
  await expect(page).toHaveURL(new RegExp(`^${DEMO.url}/account/confirm\\?`))
  await expect(page.getByTestId('approval-summary')).toHaveText('Approve €12,500.00 to Northwind Traders')
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(approved.locator('[data-payment="northwind"] [data-testid="approved"]')).toHaveText(/^Approved by .+ with a passkey at .+ UTC$/)
  await expect(waiting.locator('[data-payment="northwind"]')).toHaveCount(0)
  await expect(page.getByTestId('refused')).toHaveCount(0)

  // The small payment, under the limit: one press, no trip to the portal.
  await waiting.getByRole('button', { name: 'Approve €240.00' }).click()
  await expect(approved.locator('[data-payment="supplies"] [data-testid="approved"]')).toHaveText(/^Approved by .+ at .+ UTC, with the sign-in above$/)
  await expect(waiting).toContainText('Nothing is waiting for you.')

  // Signing out of the app signs out of the portal too, after asking.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign out of Passkey Portal?' })).toBeVisible()
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByRole('button', { name: 'Sign in with Passkey Portal' })).toBeVisible()
  // Asked without loading /sign-in, whose passkey autofill the virtual authenticator would answer at once.
  const account = await page.request.get(`${DEMO.url}/account`, { maxRedirects: 0 })
  expect(account.status()).toBe(307)
  expect(account.headers().location).toMatch(/\/sign-in/)
})
