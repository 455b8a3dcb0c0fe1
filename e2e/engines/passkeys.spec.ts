import { db } from '../../lib/db'
import { APP } from '../support/servers'
import { expect, test } from './fixtures'
import type { EngineCredential } from './support/driver'
import type { EnginePage } from './support/engine-page'
import { OBSERVE_PASSKEY_REQUESTS, WITHOUT_PASSKEY_AUTOFILL, addPasskey, signInFromAutofillList, signOut, waitForListedPasskeys } from './support/passkeys'

const MINUTE = 60_000

/** Engines report credential ids in base64 (Chromium) or base64url (Firefox); the server stores base64url. */
const base64url = (encoded: string) => Buffer.from(encoded, 'base64').toString('base64url')

/** The signed-in session on /account, as the page summarises it. */
const sessionSummary = (page: EnginePage) => page.evaluate<string>(`() => document.querySelector('[data-testid="session-summary"]')?.textContent ?? ''`)

/** Whether the browser says it takes the signals that tell its passkey provider about removed passkeys. */
const takesSignals = (page: EnginePage) =>
  page.evaluate<boolean>(
    `async () => { const capabilities = PublicKeyCredential.getClientCapabilities ? await PublicKeyCredential.getClientCapabilities() : {}; return !!(capabilities.signalUnknownCredential || capabilities.signalAllAcceptedCredentials) }`,
  )

async function expectOneResidentCredentialFor(credentials: EngineCredential[], userId: string, credentialId: string) {
  expect(credentials).toHaveLength(1)
  const [credential] = credentials
  expect(credential!.isResidentCredential).toBe(true)
  expect(credential!.rpId).toBe(new URL(APP.url).hostname)
  // The user handle is the account's id (lib/auth/passkeys/webauthn.ts): the passkey names this account.
  expect(Buffer.from(credential!.userHandle!, 'base64').toString('utf8')).toBe(userId)
  expect(base64url(credential!.credentialId)).toBe(credentialId)
}

test.describe('in a browser with an authenticator', () => {
  test.skip(({ engine }) => engine === 'webkit', 'WebKitGTK has no Web Authentication API: passkeys-unavailable.spec.ts covers it')

  test('a new passkey signs in through the button, confirms it’s you after 10 minutes, and can then be removed', async ({ open, engine, user, signInPage }) => {
    // The address is proven, so email stays a way in and the passkey may be removed.
    await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
    // Chromium's authenticator answers the page's autofill request by itself; there the browser offers no autofill,
    // so only the button signs in. Firefox's waits for a person to pick from the autofill list: there the button
    // takes over from the pending autofill request.
    const page = await open(engine === 'chromium' ? { initScript: WITHOUT_PASSKEY_AUTOFILL } : {})
    const authenticator = (await page.addAuthenticator())!
    await signInPage(page, user)

    await addPasskey(page)
    const passkey = await db().passkey.findFirstOrThrow({ where: { userId: user.id }, select: { id: true, credentialId: true, lastUsedAt: true } })
    expect(passkey.lastUsedAt).toBeNull()
    await expectOneResidentCredentialFor(await authenticator.credentials(), user.id, passkey.credentialId)

    await signOut(page)
    await page.waitForUrl(/\/sign-in/)
    await page.press('Sign in with a passkey')
    await page.waitForUrl(/\/account$/)
    // Signing out ended the first session; the one left is the passkey's.
    const sessions = await db().session.findMany({ where: { userId: user.id }, select: { id: true, method: true } })
    expect(sessions.map((session) => session.method)).toEqual(['passkey'])
    const session = sessions[0]!
    expect((await db().passkey.findUniqueOrThrow({ where: { id: passkey.id } })).lastUsedAt).not.toBeNull()

    // Signed in 11 minutes ago: changing how the account signs in needs a fresh proof.
    const elevenMinutesAgo = new Date(Date.now() - 11 * MINUTE)
    await db().session.update({ where: { id: session.id }, data: { createdAt: elevenMinutesAgo, verifiedAt: elevenMinutesAgo } })
    await page.goto('/account/passkeys')
    await page.press('Remove')
    await page.press('Remove passkey')
    await page.waitForText('For your safety, confirm it’s you before changing how you sign in.')
    await page.press('Confirm it’s you', 'link')
    await page.waitForUrl(/\/account\/confirm\?/)
    await page.press('Confirm with a passkey')
    await page.waitForUrl(/\/account\/passkeys$/)
    expect(await db().auditEvent.count({ where: { userId: user.id, type: 'step_up', result: 'success', method: 'passkey' } })).toBe(1)
    expect(await db().passkey.count({ where: { userId: user.id } })).toBe(1)

    await page.press('Remove')
    await page.press('Remove passkey')
    await waitForListedPasskeys(page, 0)
    expect(await db().passkey.count({ where: { userId: user.id } })).toBe(0)
    // Where the browser takes WebAuthn signals (§5.1.10), the page tells it the passkey is gone.
    if (await takesSignals(page)) await expect.poll(async () => (await authenticator.credentials()).length).toBe(0)
    const removed = await db().auditEvent.findMany({ where: { userId: user.id, type: 'passkey_removed', result: 'success' }, select: { detail: true } })
    expect(removed.map((event) => JSON.parse(event.detail ?? '{}') as { passkeyId?: string })).toEqual([expect.objectContaining({ passkeyId: passkey.id })])
  })

  test('autofill on the email field signs in with the passkey', async ({ open, engine, user, signInPage }) => {
    const page = await open({ initScript: OBSERVE_PASSKEY_REQUESTS })
    await page.addAuthenticator()
    await signInPage(page, user)
    await addPasskey(page)
    // Signing out lands on /sign-in, whose email field starts an autofill request.
    await signOut(page)
    // Chromium's authenticator answers it by itself; in Firefox the person picks the passkey from the field's list.
    if (engine === 'firefox') await signInFromAutofillList(page)
    await expect.poll(() => db().session.count({ where: { userId: user.id, method: 'passkey' } }), { timeout: 15_000 }).toBe(1)
    await page.waitForUrl(/\/account$/)
    await expect.poll(() => sessionSummary(page)).toContain('Passkey')
    expect(await db().passkey.count({ where: { userId: user.id, lastUsedAt: { not: null } } })).toBe(1)
  })
})
