import type { EnginePage } from './engine-page'

/**
 * An init script that makes the browser one without passkey autofill
 * (conditional mediation, WebAuthn L3 §5.1.4.2): the page then starts no
 * autofill request, so only the button can sign in. Chromium's virtual
 * authenticator answers an autofill request by itself as soon as the page
 * makes one, which would sign in before the button is pressed.
 */
export const WITHOUT_PASSKEY_AUTOFILL = `(() => {
  if (typeof PublicKeyCredential === 'undefined') return
  Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { configurable: true, value: () => Promise.resolve(false) })
  const capabilities = PublicKeyCredential.getClientCapabilities
  if (typeof capabilities === 'function')
    Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', {
      configurable: true,
      value: async () => ({ ...(await capabilities.call(PublicKeyCredential)), conditionalGet: false }),
    })
})()`

/** An init script that records the mediation of each passkey request the page makes, so a test can wait until its autofill request is pending. */
export const OBSERVE_PASSKEY_REQUESTS = `(() => {
  const credentials = navigator.credentials
  if (!credentials) return
  const get = credentials.get.bind(credentials)
  window.__passkeyRequests = []
  credentials.get = (options) => {
    window.__passkeyRequests.push(options && options.mediation ? options.mediation : 'optional')
    return get(options)
  }
})()`

const TIMEOUT_MS = 15_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Whether `check` holds within `timeoutMs` (a navigation mid-check counts as "not yet"). */
async function holdsWithin(timeoutMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return true
    if (Date.now() > deadline) return false
    await sleep(100)
  }
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  if (!(await holdsWithin(TIMEOUT_MS, check))) throw new Error(`Timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`)
}

/** How many passkeys the list on /account/passkeys shows. */
export function listedPasskeys(page: EnginePage): Promise<number> {
  return page.evaluate<number>(`() => document.querySelectorAll('[data-testid="passkey"]').length`)
}

export async function waitForListedPasskeys(page: EnginePage, count: number): Promise<void> {
  await waitFor(`the list to show ${count} passkey(s)`, async () => (await listedPasskeys(page)) === count)
}

/** Adds a passkey from /account/passkeys with the page's authenticator and waits for the list to show it. */
export async function addPasskey(page: EnginePage): Promise<void> {
  await page.goto('/account/passkeys')
  const before = await listedPasskeys(page)
  await page.press('Add a passkey')
  await page.waitForText(/^Passkey created/)
  await waitForListedPasskeys(page, before + 1)
}

export async function signOut(page: EnginePage): Promise<void> {
  await page.goto('/account')
  await page.press('Sign out')
}

/**
 * Signs in by picking the passkey from the email field's autofill list, as
 * in Firefox: its authenticator answers an autofill request only once the
 * person chooses the passkey there (Chromium's answers by itself). The list
 * opens when the field gains focus; the field is focused on load, before the
 * page's request is pending, so focus leaves it and a click brings it back;
 * ArrowDown then picks the first entry (the passkey) and Enter uses it. The
 * list is browser UI the page can't see, so when a pick comes too early (the
 * list not open yet: Enter then submits the empty email form, which only
 * shows an error) the person tries again, waiting a little longer.
 * Needs OBSERVE_PASSKEY_REQUESTS as the page's init script.
 */
export async function signInFromAutofillList(page: EnginePage): Promise<void> {
  await page.waitForUrl(/\/sign-in/)
  await waitFor('the page’s autofill request', async () => (await page.evaluate<string[]>('() => window.__passkeyRequests || []')).includes('conditional'))
  for (const listOpensWithinMs of [500, 1500, 3000]) {
    await page.evaluate('() => document.activeElement && document.activeElement.blur()')
    await page.clickField('Email address')
    await sleep(listOpensWithinMs)
    await page.pressKey('Email address', 'ArrowDown')
    await page.pressKey('Email address', 'Enter')
    if (await holdsWithin(5_000, async () => !/\/sign-in/.test(await page.url()))) return
  }
  throw new Error('The passkey in the email field’s autofill list did not sign in')
}
