import { expect, test } from '@playwright/test'
import { openTamperedApproval } from '../support/acme'
import { addVirtualAuthenticator } from '../support/authenticator'
import { ACME, DEMO } from '../support/servers'

/**
 * Every account on the demo panel can show the payment story with the
 * virtual authenticator (or a real device): it signs in to Acme Expenses,
 * the portal shows the amount and payee before the prompt, a passkey made
 * on this device there approves €12,500.00, and Acme refuses a token the
 * portal issued for another amount.
 */
const PANEL = ['Administrator', 'Helpdesk agent', 'Employee', 'Contractor', 'Customer']

for (const role of PANEL) {
  test(`the ${role} demo account approves €12,500.00 in Acme with a passkey made here; another amount is refused`, async ({ page }) => {
    test.setTimeout(90_000)
    const authenticator = await addVirtualAuthenticator(page)
    await page.goto(`${DEMO.url}/sign-in`)
    await page
      .getByRole('region', { name: 'Demo accounts' })
      .getByRole('button', { name: new RegExp(`^${role}: `) })
      .click()
    await expect(page).toHaveURL(`${DEMO.url}/account`)
    await page.goto(`${ACME.url}/`)
    await page.getByRole('button', { name: 'Sign in with Passkey Portal' }).click()
    await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible()
    const waiting = page.getByRole('region', { name: 'Payments waiting for you' })

    // A request changed on its way (another amount): shown as it is, approved as shown, refused by Acme.
    await openTamperedApproval(page)
    // The panel's seeded passkeys are in no browser: the page leads with making one on this device.
    await page.getByRole('button', { name: 'Create a passkey on this device' }).click()
    await expect(page).toHaveURL(`${ACME.url}/`)
    await expect(page.getByTestId('refused')).toHaveText('Not approved: the portal approved a different payment from this one.')
    expect(await authenticator.credentials()).toHaveLength(1)

    // The payment as Acme meant it, with the passkey now on this device.
    await waiting.getByRole('button', { name: 'Approve €12,500.00 with a passkey' }).click()
    await expect(page).toHaveURL(new RegExp(`^${DEMO.url}/account/confirm\\?`))
    await expect(page.getByTestId('approval-summary')).toHaveText('Approve €12,500.00 to Northwind Traders')
    await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
    await expect(page).toHaveURL(`${ACME.url}/`)
    await expect(page.locator('[data-payment="northwind"] [data-testid="approved"]')).toHaveText(/^Approved by .+ with a passkey at .+$/)
    await expect(waiting.locator('[data-payment="northwind"]')).toHaveCount(0)
  })
}
