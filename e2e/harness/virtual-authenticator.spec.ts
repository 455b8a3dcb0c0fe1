import { expect, test } from '@playwright/test'
import { addVirtualAuthenticator } from '../support/authenticator'

test('the virtual authenticator creates, lists and removes a passkey', async ({ page }) => {
  // A page of the app without passkey autofill, whose pending conditional request would compete with this create().
  await page.goto('/harness-check-page-that-does-not-exist')
  const authenticator = await addVirtualAuthenticator(page)
  const created = await page.evaluate(async () => {
    const credential = (await navigator.credentials.create({
      publicKey: {
        rp: { id: 'localhost', name: 'Harness check' },
        user: { id: new Uint8Array([1, 2, 3, 4]), name: 'harness@example.com', displayName: 'Harness' },
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      },
    })) as PublicKeyCredential
    return credential.type
  })
  expect(created).toBe('public-key')
  const [credential] = await authenticator.credentials()
  expect(credential?.isResidentCredential).toBe(true)
  expect(credential?.rpId).toBe('localhost')
  await authenticator.removeCredential(credential!.credentialId)
  expect(await authenticator.credentials()).toHaveLength(0)
  await authenticator.remove()
})
