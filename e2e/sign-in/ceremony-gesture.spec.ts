import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { recordGestures, type GestureEvent } from '../support/gesture'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

/**
 * Safari lets a page call WebAuthn only while the person's press is fresh:
 * any network request awaited between the press and
 * navigator.credentials.get()/create() can cost the gesture. For every
 * ceremony a press starts, the press must lead straight to the WebAuthn call.
 */
const straightToCeremony = (call: 'get' | 'create') => [expect.objectContaining({ kind: 'press', type: 'click' }), { kind: 'webauthn', call, mediation: null }]

const requestsIn = (events: GestureEvent[]) => events.filter((event) => event.kind === 'request')

test('the sign-in button calls WebAuthn in its press, on options fetched before it', async ({ context, page, signIn }) => {
  const gestures = await recordGestures(page)
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await skipPasskeyAutofill(page)
  await signOut(page)
  const button = page.getByRole('button', { name: 'Sign in with a passkey' })
  await expect(button).toBeEnabled()
  gestures.clear()
  await button.click()
  await expect(page).toHaveURL(/\/account$/)
  const pressed = gestures.pressToCeremony()
  expect(requestsIn(pressed), JSON.stringify(pressed)).toEqual([])
  expect(pressed).toEqual(straightToCeremony('get'))
})

test('creating a passkey on /account/passkeys calls WebAuthn in its press; removing one starts no ceremony', async ({ context, page, user, signIn }) => {
  // A proven address, so the passkey is not the last way in and may be removed.
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  const gestures = await recordGestures(page)
  await signIn(context)
  await addVirtualAuthenticator(page)
  await page.goto('/account/passkeys')
  const button = page.getByRole('button', { name: 'Add a passkey' })
  await expect(button).toBeEnabled()
  gestures.clear()
  await button.click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
  const pressed = gestures.pressToCeremony()
  expect(requestsIn(pressed), JSON.stringify(pressed)).toEqual([])
  expect(pressed).toEqual(straightToCeremony('create'))

  gestures.clear()
  await page.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByTestId('passkey')).toHaveCount(0)
  expect(gestures.all().filter((event) => event.kind === 'webauthn')).toEqual([])
})

test('confirming it’s you with a passkey calls WebAuthn in its press', async ({ context, page, signIn }) => {
  const gestures = await recordGestures(page)
  const { sessionId } = await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  const eleven = new Date(Date.now() - 11 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: eleven, verifiedAt: eleven } })
  await page.goto('/account/confirm?returnTo=%2Faccount%2Fpasskeys')
  const button = page.getByRole('button', { name: 'Confirm with a passkey' })
  await expect(button).toBeEnabled()
  gestures.clear()
  await button.click()
  await expect(page).toHaveURL(/\/account\/passkeys$/)
  const pressed = gestures.pressToCeremony()
  expect(requestsIn(pressed), JSON.stringify(pressed)).toEqual([])
  expect(pressed).toEqual(straightToCeremony('get'))
})
