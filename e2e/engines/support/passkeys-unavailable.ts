import type { EnginePage } from './engine-page'

/** What the sign-in page says in place of its passkey button (errors.json passkey_not_supported). */
export const SIGN_IN_WITH_EMAIL_INSTEAD = "This browser can't use passkeys. Sign in with email instead."
/** What the account pages say in place of a passkey button (common.json passkey.unsupported). */
export const USE_ANOTHER_BROWSER = 'This browser can’t use passkeys. Use another browser or device for them.'

const TIMEOUT_MS = 15_000

/**
 * Asserts that a page offers no passkey action named `action` in a browser
 * without the Web Authentication API, and says `sentence` instead. The server
 * renders the button greyed out ("Preparing…") until the page's script has
 * asked the browser what it can do; only then is it replaced, so this waits
 * for the sentence and then checks that no button of either name is left.
 */
export async function expectPasskeyActionNotOffered(page: EnginePage, action: string, sentence: string): Promise<void> {
  await page.waitForText(sentence)
  const deadline = Date.now() + TIMEOUT_MS
  while ((await page.isVisible('button', action)) || (await page.isVisible('button', 'Preparing…'))) {
    if (Date.now() > deadline) throw new Error(`"${action}" is still offered beside "${sentence}"`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
