import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from '../support/authenticator'
import { demoPersonSignedIn } from '../support/demo-person'
import { ACME, DEMO } from '../support/servers'

/**
 * Acme Expenses subscribes to the demo portal's security events when it
 * starts (SSF 1.0 push): a new passkey at the portal makes its next approval
 * ask for a fresh proof, and "Sign out all other sessions" ends its session
 * of that person, within seconds, pushed by the portal's background work.
 */
test('Acme Expenses hears of a changed credential and of revoked sessions from the portal’s security events', async ({ browser }) => {
  test.setTimeout(120_000)
  const here = await browser.newContext()
  const elsewhere = await browser.newContext()
  await demoPersonSignedIn([here, elsewhere])
  const page = await here.newPage()
  await addVirtualAuthenticator(page)

  await page.goto(`${ACME.url}/`)
  await page.getByRole('button', { name: 'Sign in with Passkey Portal' }).click()
  await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible()
  await expect(page.getByTestId('confirm-again')).toHaveCount(0)

  // A passkey added at the portal: a credential change, pushed to Acme, which now asks for a fresh proof to approve.
  await page.goto(`${DEMO.url}/account/passkeys`)
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
  await expect(async () => {
    await page.goto(`${ACME.url}/`)
    await expect(page.getByTestId('confirm-again')).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })

  // From the other browser: "Sign out all other sessions". Acme's session of this person ends.
  const other = await elsewhere.newPage()
  await other.goto(`${DEMO.url}/account/sessions`)
  await other.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(other.getByText('1 other session was signed out.')).toBeVisible()
  await expect(async () => {
    await page.goto(`${ACME.url}/`)
    await expect(page.getByRole('button', { name: 'Sign in with Passkey Portal' })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  await here.close()
  await elsewhere.close()
})
