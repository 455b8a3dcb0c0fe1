import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

const OFFER = 'Sign in faster on this computer next time'

test('a sign-in with a phone’s passkey offers one on this computer, counted in the nudge funnel; this computer’s own then ends it', async ({
  context,
  page,
  signIn,
  user,
}) => {
  // The phone: its passkey answers over the hybrid transport, as a phone nearby does.
  await signIn(context)
  const phone = await addVirtualAuthenticator(page, { transport: 'cable' })
  await addPasskeyOnPage(page)
  // It was made on the phone, not here: this browser has not used it.
  await context.clearCookies({ name: 'portal.device-passkeys' })
  await skipPasskeyAutofill(page)
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)

  const offer = page.getByTestId('passkey-nudge')
  await expect(offer.getByRole('heading', { name: OFFER })).toBeVisible()
  await expect
    .poll(() => db().auditEvent.findMany({ where: { userId: user.id, type: 'passkey_nudge_offered' }, select: { method: true } }))
    .toEqual([{ method: 'passkey' }])
  // The phone's passkey is not listed as this device's.
  await page.goto('/account/passkeys')
  await expect(page.getByTestId('passkey')).toHaveCount(1)
  await expect(page.getByTestId('passkey')).toBeVisible()
  await expect(page.getByTestId('passkey').getByText('Added or used on this device')).toHaveCount(0)

  // This computer's own authenticator creates one from the offer.
  await phone.remove()
  const computer = await addVirtualAuthenticator(page)
  await page.goto('/account')
  await page.getByTestId('passkey-nudge').getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page.getByText('Next time, sign in with it right here.')).toBeVisible()
  expect(await computer.credentials()).toHaveLength(1)
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(2)
  await expect(page.getByTestId('passkey-nudge')).toHaveCount(0)

  // Signing in with this computer's passkey offers nothing more.
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByTestId('passkey-nudge')).toHaveCount(0)
  expect((await context.cookies()).some((cookie) => cookie.name === 'portal.cross-device')).toBe(false)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'passkey_nudge_offered' } })).toBe(1)
  // Only this computer's passkey is listed as this device's.
  await page.goto('/account/passkeys')
  await expect(page.getByTestId('passkey').filter({ hasText: 'Added or used on this device' })).toHaveCount(1)
})
