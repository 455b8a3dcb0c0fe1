import { expect, type Page } from '@playwright/test'

/** Adds a passkey from the passkeys page with whatever virtual authenticator the page has. */
export async function addPasskeyOnPage(page: Page): Promise<void> {
  await page.goto('/account/passkeys')
  // WebAuthn only answers the focused tab.
  await page.bringToFront()
  const before = await page.getByTestId('passkey').count()
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
  await expect(page.getByTestId('passkey')).toHaveCount(before + 1)
}

export async function signOut(page: Page): Promise<void> {
  await page.goto('/account')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in/)
}

/**
 * Keeps the page's autofill (conditional) request from starting, so a test
 * can exercise the button: the virtual authenticator would otherwise answer
 * the autofill request by itself as soon as the page loads.
 */
export async function skipPasskeyAutofill(page: Page): Promise<void> {
  let first = true
  await page.route('**/api/passkeys/sign-in/options', async (route) => {
    if (first) {
      first = false
      await route.abort()
      return
    }
    await route.continue()
  })
}
