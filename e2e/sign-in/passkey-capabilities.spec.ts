import type { Page } from '@playwright/test'
import { expect, test } from '../fixtures'
import { recordGestures } from '../support/gesture'
import { skipPasskeyAutofill } from '../support/passkeys'

/** The page's browser as one without WebAuthn at all, as WebKitGTK is: no PublicKeyCredential. */
async function withoutWebAuthn(page: Page) {
  await page.addInitScript(() => {
    delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential
  })
}

/** The page's browser as one whose capabilities say a phone nearby can answer (hybrid transport). */
async function withHybridTransport(page: Page) {
  await page.addInitScript(() => {
    const api = window.PublicKeyCredential as unknown as { getClientCapabilities: () => Promise<Record<string, boolean>> }
    const capabilities = api.getClientCapabilities.bind(api)
    api.getClientCapabilities = async () => ({ ...(await capabilities()), hybridTransport: true })
  })
}

const optionsRequests = (page: Page) => {
  const seen: string[] = []
  page.on('request', (request) => {
    if (/\/api\/passkeys\/[^/]+\/options$/.test(request.url())) seen.push(request.url())
  })
  return seen
}

test('a browser without WebAuthn is offered no passkey button, is told why, fetches no options and signs in by email', async ({
  context,
  page,
  user,
  signIn,
}) => {
  await withoutWebAuthn(page)
  const asked = optionsRequests(page)
  await page.goto('/sign-in')
  await expect(page.getByText("This browser can't use passkeys. Sign in with email instead.")).toBeVisible()
  await expect(page.getByRole('button', { name: /passkey/i })).toHaveCount(0)
  await page.getByLabel('Email address').fill(user.email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  await signIn(context)
  await page.goto('/account/passkeys')
  await expect(page.getByText('This browser can’t use passkeys. Use another browser or device for them.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Add a passkey' })).toHaveCount(0)
  expect(asked).toEqual([])
})

test('autofill is started only where the browser offers conditional mediation', async ({ page }) => {
  const offered = await recordGestures(page)
  await page.goto('/sign-in')
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled()
  await expect.poll(() => offered.all().filter((event) => event.kind === 'webauthn')).toEqual([{ kind: 'webauthn', call: 'get', mediation: 'conditional' }])

  const other = await page.context().newPage()
  const notOffered = await recordGestures(other)
  await skipPasskeyAutofill(other)
  await other.goto('/sign-in')
  await expect(other.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled()
  // Autofill would start right after the options arrive; give it that moment before looking.
  await other.waitForTimeout(500)
  expect(notOffered.all().filter((event) => event.kind === 'webauthn')).toEqual([])
})

test('a browser that can use a phone nearby gets a hint under the passkey button; one that cannot, none', async ({ page }) => {
  const hint = 'No passkey on this device? Your browser can also use one on your phone.'
  await page.goto('/sign-in')
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled()
  await expect(page.getByText(hint)).toHaveCount(0)
  await withHybridTransport(page)
  await page.reload()
  await expect(page.getByText(hint)).toBeVisible()
})
