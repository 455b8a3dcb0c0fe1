import type { Page } from '@playwright/test'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

type SignalCall = { method: string; options: Record<string, unknown> }

/**
 * Records every WebAuthn signal the page sends (§5.1.10) in localStorage, so
 * the calls survive the navigations after a sign-in, and passes each on to
 * the browser's own method.
 */
async function recordSignals(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const api = window.PublicKeyCredential as unknown as Record<string, (options: unknown) => Promise<void>> | undefined
    if (!api) return
    for (const method of ['signalUnknownCredential', 'signalAllAcceptedCredentials', 'signalCurrentUserDetails']) {
      const original = api[method]
      if (typeof original !== 'function') continue
      api[method] = (options: unknown) => {
        const calls = JSON.parse(localStorage.getItem('signals') ?? '[]') as unknown[]
        localStorage.setItem('signals', JSON.stringify([...calls, { method, options }]))
        return original.call(api, options)
      }
    }
  })
}

const signalsOf = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('signals') ?? '[]') as SignalCall[])
const forget = (page: Page) => page.evaluate(() => localStorage.removeItem('signals'))
const b64url = (base64: string) => Buffer.from(base64, 'base64').toString('base64url')

test('signals keep the provider’s list true: a revoked passkey at the next sign-in, a new name at once', async ({ context, user, signIn }) => {
  await signIn(context)
  const phone = await context.newPage()
  const laptop = await context.newPage()
  const phoneAuthenticator = await addVirtualAuthenticator(phone)
  const laptopAuthenticator = await addVirtualAuthenticator(laptop)
  await addPasskeyOnPage(phone)
  await addPasskeyOnPage(laptop)
  const phoneCredential = b64url((await phoneAuthenticator.credentials())[0]!.credentialId)
  const laptopCredential = b64url((await laptopAuthenticator.credentials())[0]!.credentialId)
  const userHandle = Buffer.from(user.id).toString('base64url')
  await recordSignals(laptop)
  await skipPasskeyAutofill(laptop)
  expect(await laptop.evaluate(() => typeof (PublicKeyCredential as unknown as Record<string, unknown>).signalCurrentUserDetails)).toBe('function')

  // An administrator revokes the phone's passkey while the person is signed out.
  await signOut(laptop)
  await db().passkey.deleteMany({ where: { userId: user.id, credentialId: phoneCredential } })
  await forget(laptop)
  await laptop.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(laptop).toHaveURL(/\/account$/)
  await expect
    .poll(() => signalsOf(laptop))
    .toEqual(
      expect.arrayContaining([
        { method: 'signalAllAcceptedCredentials', options: { rpId: 'localhost', userId: userHandle, allAcceptedCredentialIds: [laptopCredential] } },
        { method: 'signalCurrentUserDetails', options: { rpId: 'localhost', userId: userHandle, name: user.email, displayName: 'Test Person' } },
      ]),
    )

  // A new name goes to the provider as soon as it is saved, without a reload.
  await laptop.goto('/account/profile')
  await forget(laptop)
  await laptop.getByLabel('Your name').fill('Ada Lovelace')
  await laptop.getByRole('button', { name: 'Save name' }).click()
  await expect(laptop.getByText('Name saved.')).toBeVisible()
  await expect
    .poll(() => signalsOf(laptop))
    .toContainEqual({ method: 'signalCurrentUserDetails', options: { rpId: 'localhost', userId: userHandle, name: user.email, displayName: 'Ada Lovelace' } })
})

test('the signals route answers only a signed-in browser, with its own passkeys', async ({ page, request, context, user, signIn }) => {
  expect((await request.get('/api/passkeys/signals')).status()).toBe(401)
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  const answer = await page.request.get('/api/passkeys/signals')
  expect(answer.status()).toBe(200)
  expect(answer.headers()['cache-control']).toContain('no-store')
  const credentialIds = (await db().passkey.findMany({ where: { userId: user.id }, select: { credentialId: true } })).map((row) => row.credentialId)
  expect(await answer.json()).toEqual({
    rpId: 'localhost',
    userId: Buffer.from(user.id).toString('base64url'),
    name: user.email,
    displayName: 'Test Person',
    acceptedCredentialIds: credentialIds,
  })
})
