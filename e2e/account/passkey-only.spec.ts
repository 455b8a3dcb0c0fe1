import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailsTo, latestEmailTo, signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

test('passkey-only mode: warned and confirmed, it refuses email sign-in while the passkey still signs in', async ({ page, user }) => {
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await addVirtualAuthenticator(page)
  await requestEmail(page, user.email)
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account/)
  await addPasskeyOnPage(page)
  // Turning it on needs a passkey confirmation: sign in again with the passkey.
  await skipPasskeyAutofill(page)
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)

  await page.goto('/account/recovery')
  const card = page.getByRole('region', { name: 'Sign in with passkeys only' })
  await expect(card.getByTestId('passkey-only-status')).toHaveText('Off. Your account can also sign in with an emailed code or link.')
  await expect(card.getByRole('listitem')).toContainText([
    'Email codes and links will stop working for sign-in and for confirming it is you.',
    'You have one passkey. Add a second one (another device or a security key) so that losing one does not lock you out.',
    'To recover your account yourself you will need a recovery code and your authenticator app together. You have no recovery codes and no authenticator app.',
    'Without them, only the helpdesk can help, and a second agent must approve.',
  ])
  // Not without saying so.
  await card.getByRole('button', { name: 'Turn on passkey-only sign-in' }).click()
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passkeyOnlySince: true } })).toEqual({ passkeyOnlySince: null })
  await card.getByLabel('I understand that email will no longer sign in to my account').check()
  await card.getByRole('button', { name: 'Turn on passkey-only sign-in' }).click()
  await expect(card.getByTestId('passkey-only-status')).toContainText('Email codes and links do not sign in to your account.')
  await expect(card.getByRole('button', { name: 'Turn off passkey-only sign-in' })).toBeVisible()
  await latestEmailTo(user.email, /^Your account now signs in with passkeys only$/)

  // Email sign-in: the page answers as for any address, and nothing that signs in is sent.
  await signOut(page)
  const sentBefore = (await emailsTo(user.email)).length
  await requestEmail(page, user.email)
  await enterCode(page, '123456')
  await expect(page.getByText("That code isn't right. Check the latest email and try again.")).toBeVisible()
  await expect(page).toHaveURL(/\/sign-in\/check-email/)
  expect((await emailsTo(user.email)).length).toBe(sentBefore)

  // The passkey still signs in.
  await page.goto('/sign-in')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
})
