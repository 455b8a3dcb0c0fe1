import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from '../support/authenticator'
import { ACME, DEMO } from '../support/servers'

/**
 * The demo's relying party, Acme Expenses, as a product team shows it with
 * npm run demo: sign in through the portal, see what the ID token says,
 * approve a large payment with a passkey (tier 3), sign out of both.
 */
test('Acme Expenses signs in through the demo portal, approves a payment with a passkey, and signs out of both', async ({ page }) => {
  test.setTimeout(90_000)
  await addVirtualAuthenticator(page)
  // A customer of the demo organisation signs in to the portal and adds a passkey on this device.
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Customer: / })
    .click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  await page.goto(`${DEMO.url}/account/passkeys`)
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()

  // Sign in to the app: already signed in to the portal, so straight back with an ID token.
  await page.goto(`${ACME.url}/`)
  await page.getByRole('button', { name: 'Sign in with Passkey Portal' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible()
  await expect(page.locator('[data-claim="acr"]')).toHaveText('"urn:passkey-portal:acr:email"')
  await expect(page.locator('[data-claim="amr"]')).toHaveText('["otp"]')
  await expect(page.locator('[data-claim="email_verified"]')).not.toHaveText('null')

  // Approving asks the portal for a passkey, proven now; the app checks what the ID token says.
  await page.getByRole('button', { name: 'Approve a payment over 10,000' }).click()
  await expect(page).toHaveURL(new RegExp(`^${DEMO.url}/account/confirm\\?`))
  await expect(page.getByText('The app you are signing in to asks for a passkey')).toBeVisible()
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByTestId('approved')).toHaveText('Approved with a passkey (hwk user)')

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
