import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

const PASSKEY_HINT = 'Last time you signed in here with a passkey.'
const EMAIL_HINT = 'Last time you signed in here with an emailed code or link.'

test('the sign-in page leads with how this browser signed in last, and tells nothing to another browser', async ({ browser, context, page, user }) => {
  await page.goto('/sign-in')
  await expect(page.getByTestId('last-method')).toHaveCount(0)

  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account/)
  await signOut(page)
  await expect(page.getByTestId('last-method')).toHaveText(EMAIL_HINT)

  await addVirtualAuthenticator(page)
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email, 1)).code)
  await expect(page).toHaveURL(/\/account/)
  await addPasskeyOnPage(page)
  await skipPasskeyAutofill(page)
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await signOut(page)

  // The passkey comes first, as the page's main button; the cookie holds the method and nothing about the account.
  await expect(page.getByTestId('last-method')).toHaveText(PASSKEY_HINT)
  const passkeyButton = page.getByRole('button', { name: 'Sign in with a passkey' })
  await expect(passkeyButton).toBeVisible()
  const order = await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((element) => element.textContent?.includes('Sign in with a passkey'))!
    const field = document.getElementById('email')!
    return button.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING ? 'passkey first' : 'email first'
  })
  expect(order).toBe('passkey first')
  const cookie = (await context.cookies()).find((entry) => entry.name === 'portal.last-method')
  expect(cookie).toMatchObject({ value: 'passkey', httpOnly: true })

  const other = await browser.newContext()
  const stranger = await other.newPage()
  await stranger.goto('/sign-in')
  await expect(stranger.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(stranger.getByTestId('last-method')).toHaveCount(0)
  await other.close()
})
