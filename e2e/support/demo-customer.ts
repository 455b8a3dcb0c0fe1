import { expect, type Page } from '@playwright/test'
import { addVirtualAuthenticator } from './authenticator'
import { DEMO } from './servers'

/** The demo panel's customer signs in to the demo portal with one press and adds a passkey on this browser's virtual authenticator. */
export async function demoCustomerWithPasskey(page: Page): Promise<void> {
  await addVirtualAuthenticator(page)
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Customer: / })
    .click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  await page.goto(`${DEMO.url}/account/passkeys`)
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
}
