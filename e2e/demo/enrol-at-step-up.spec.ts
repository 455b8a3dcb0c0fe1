import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { ACME, DEMO } from '../support/servers'

/**
 * When Acme Expenses asks for a passkey and the person has none on this
 * device, the portal's confirmation page creates one there and the browser
 * lands back in Acme with the approval done.
 */

async function approveInAcme(page: Page) {
  await page.goto(`${ACME.url}/`)
  await page.getByRole('button', { name: 'Sign in with Passkey Portal' }).click()
  await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible()
  await page.getByRole('button', { name: 'Approve €12,500.00 with a passkey' }).click()
  await expect(page).toHaveURL(new RegExp(`^${DEMO.url}/account/confirm\\?`))
  await expect(page.getByTestId('approval-summary')).toHaveText('Approve €12,500.00 to Northwind Traders')
}

test('a new email-only user asked for a passkey by Acme creates one on the confirmation page and lands back with the approval done', async ({ page }) => {
  test.setTimeout(60_000)
  const email = `step-up-${randomBytes(4).toString('hex')}@example.com`
  await requestEmail(page, email, `${DEMO.url}/sign-in`)
  // Demo mode keeps the email in its mailbox.
  const mailbox = await page.context().newPage()
  await mailbox.goto(`${DEMO.url}/dev/mailbox`)
  await mailbox.getByRole('link', { name: new RegExp(`To ${email.replace('.', '\\.')}`) }).click()
  const code = (await mailbox.getByTestId('mailbox-text').textContent())!.match(/\b(\d{6})\b/)![1]!
  await mailbox.close()
  await enterCode(page, code)
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  const authenticator = await addVirtualAuthenticator(page)

  await approveInAcme(page)
  await expect(page.getByText('This account has no passkey yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Create a passkey on this device' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByTestId('approved')).toContainText('passkey')
  expect(await authenticator.credentials()).toHaveLength(1)
})

test('a demo panel account creates a passkey on this device when Acme asks, and approves with it the next time', async ({ page }) => {
  test.setTimeout(60_000)
  await addVirtualAuthenticator(page)
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Administrator: / })
    .click()
  await expect(page.getByTestId('signed-in-user')).toBeVisible()

  // Its seeded passkeys are in no browser: the page leads with creating one here.
  await approveInAcme(page)
  await expect(page.getByText('This demo account’s passkeys come from the demo data')).toBeVisible()
  await page.getByRole('button', { name: 'Create a passkey on this device' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByTestId('approved').first()).toContainText('passkey')

  // A new Acme session, the same portal one: this browser now holds one of the account's passkeys, so the page leads with using it.
  await page.context().clearCookies({ name: 'acme_session' })
  await approveInAcme(page)
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page).toHaveURL(`${ACME.url}/`)
  await expect(page.getByTestId('approved')).toContainText('with a passkey')
})
