import { expect, type Page } from '@playwright/test'
import { addVirtualAuthenticator } from './authenticator'

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

/**
 * A person with a passkey on this page's virtual authenticator, signed out,
 * whose sign-in page does not answer with the passkey by itself until
 * `autofill.on = true`: the authenticator would otherwise sign them in the
 * moment the page loads. `signIn` signs the person in by another way first.
 */
export async function passkeyHolderSignedOut(page: Page, signIn: () => Promise<unknown>): Promise<{ on: boolean }> {
  await addVirtualAuthenticator(page)
  await signIn()
  await addPasskeyOnPage(page)
  const autofill = { on: false }
  await page.route('**/api/passkeys/sign-in/options', (route) => (autofill.on ? route.continue() : route.abort()))
  await signOut(page)
  return autofill
}

export async function signOut(page: Page): Promise<void> {
  await page.goto('/account')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in/)
}

/**
 * Keeps the page's autofill (conditional) request from starting, so a test
 * can exercise the button: the virtual authenticator would otherwise answer
 * the autofill request by itself as soon as the page loads. The page's
 * browser says it has no conditional mediation from its next navigation on
 * (WebAuthn L3 §5.1.7), which is all the sign-in page asks before offering
 * autofill; the options are still fetched before the press, as in any browser.
 */
export async function skipPasskeyAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Api = { getClientCapabilities?: () => Promise<Record<string, boolean>>; isConditionalMediationAvailable?: () => Promise<boolean> }
    const api = window.PublicKeyCredential as unknown as Api | undefined
    if (!api) return
    const capabilities = api.getClientCapabilities?.bind(api)
    if (capabilities) api.getClientCapabilities = async () => ({ ...(await capabilities()), conditionalGet: false })
    api.isConditionalMediationAvailable = async () => false
  })
}
