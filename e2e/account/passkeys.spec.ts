import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { emailedCodeTo, latestEmailTo, signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage } from '../support/passkeys'
import { APP } from '../support/servers'

const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4'

test('the list names known providers, shows a generic passkey for unknown ones, and synced vs this-device-only', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: `synced-${user.id}`,
      publicKey: new Uint8Array([1]),
      aaguid: GOOGLE_PASSWORD_MANAGER,
      name: 'Work phone',
      backupEligible: true,
      backedUp: true,
      transports: 'hybrid,internal',
      createdAt: new Date(),
    },
  })
  // Named after its provider, as a new passkey is: the provider is not repeated under the name.
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: `named-${user.id}`,
      publicKey: new Uint8Array([1]),
      aaguid: GOOGLE_PASSWORD_MANAGER,
      name: 'Google Password Manager',
      backupEligible: true,
      backedUp: true,
      transports: 'internal',
      createdAt: new Date(),
    },
  })
  await page.reload()
  const named = page.getByTestId('passkey').filter({ has: page.getByTestId('passkey-name').getByText('Google Password Manager') })
  await expect(named.getByTestId('passkey-provider')).toHaveCount(0)
  await expect(named).toContainText('Synced across your devices')
  const synced = page.getByTestId('passkey').filter({ hasText: 'Work phone' })
  await expect(synced.getByTestId('passkey-provider')).toHaveText('Google Password Manager')
  await expect(synced.getByTestId('passkey-sync')).toHaveText('Synced across your devices')
  await expect(synced.locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml/)
  const virtual = page.getByTestId('passkey').filter({ hasNotText: 'Google Password Manager' })
  await expect(virtual.getByTestId('passkey-provider')).toHaveText('Passkey')
  await expect(virtual.getByTestId('generic-passkey-icon')).toBeVisible()
  await expect(virtual.getByTestId('passkey-sync')).toHaveText('This device only')
  // Added here and never used: nothing says "used" beside "Not used yet".
  await expect(virtual.getByTestId('passkey-device')).toHaveText('Added on this device')
  await expect(virtual.getByTestId('passkey-last-used')).toHaveText('Not used yet')
  await expect(virtual.getByText(/^Used/)).toHaveCount(0)
})

test('registering the same authenticator twice is refused with a clear message', async ({ context, page, signIn }) => {
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByText('already has a passkey for your account')).toBeVisible()
  await expect(page.getByTestId('passkey')).toHaveCount(1)
})

test('rename, and the new passkey can be named right after creation', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.getByLabel('Name this passkey').fill('Laptop')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByTestId('passkey-name')).toHaveText('Laptop')
  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name').fill('   ')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByText('Give the passkey a name of 1 to 60 characters.')).toBeVisible()
  await page.getByLabel('New name').fill('Work laptop <b>')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByTestId('passkey-name')).toHaveText('Work laptop <b>')
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'passkey_renamed', result: 'success' } })).toBe(2)
})

test('the last way to sign in cannot be removed', async ({ context, page, user, signIn }) => {
  // An invited account that never signed in by email: its address is unproven, so the passkey is its only way in.
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByRole('dialog')).toContainText('Remove “')
  await page.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('your only way to sign in')
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(1)
})

test('removal after 10 minutes needs step-up with a passkey, then works and emails the user', async ({ context, page, user, signIn }) => {
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  const { sessionId } = await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  const eleven = new Date(Date.now() - 11 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: eleven, verifiedAt: eleven } })
  await page.reload()
  await page.getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('confirm it’s you')
  await page.getByRole('dialog').getByRole('link', { name: 'Confirm it’s you' }).click()
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page).toHaveURL(/\/account\/passkeys$/)
  await page.getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByTestId('passkey')).toHaveCount(0)
  // Said on the page, announced, and where the focus went (the removed item took its button along).
  const said = page.getByTestId('passkey-removed')
  await expect(said.getByRole('status')).toHaveText(/^“.+” was removed\. It can no longer sign in to your account\.$/)
  await expect(said).toBeFocused()
  const removed = await latestEmailTo(user.email, /A passkey was removed/)
  expect(removed.text).toContain('can no longer sign in')
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'step_up', result: 'success', method: 'passkey' } })).toBe(1)
})

test('adding a passkey after 10 minutes asks for an emailed code first', async ({ context, page, user, signIn }) => {
  const { sessionId } = await signIn(context)
  const eleven = new Date(Date.now() - 11 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: eleven } })
  await addVirtualAuthenticator(page)
  await page.goto('/account/passkeys')
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page).toHaveURL(/\/account\/confirm\?returnTo=%2Faccount%2Fpasskeys/)
  await page.getByRole('button', { name: `Email a code to ${user.email}` }).click()
  const code = await emailedCodeTo(user.email, /^Confirm it’s you on /)
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Confirm' }).click()
  await expect(page).toHaveURL(/\/account\/passkeys$/)
  await addPasskeyOnPage(page)
})

test('the nudge after an email sign-in creates a passkey in one click; "Not now" keeps it away for 14 days', async ({ browser, page }) => {
  const email = `nudge-${Date.now()}@example.com`
  await addVirtualAuthenticator(page)
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('6-digit code').fill((await signInEmailTo(email)).code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByTestId('passkey-nudge')).toBeVisible()
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page.getByText(/Passkey “.+” created/)).toBeVisible()
  expect(await db().passkey.count({ where: { user: { email } } })).toBe(1)
  await page.reload()
  await expect(page.getByTestId('passkey-nudge')).toHaveCount(0)

  // Another browser of the same person: no passkey there, so the nudge shows until "Not now".
  const other = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.77' } })
  const second = await other.newPage()
  await second.goto('/sign-in')
  await second.getByLabel('Email address').fill(email)
  await second.getByRole('button', { name: 'Continue' }).click()
  await second.getByLabel('6-digit code').fill((await signInEmailTo(email, 1)).code)
  await second.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(second.getByTestId('passkey-nudge')).toBeVisible()
  await second.getByRole('button', { name: 'Not now' }).click()
  await expect(second.getByTestId('passkey-nudge')).toHaveCount(0)
  // Both offers (one per email sign-in, recorded after the response) and the "Not now" are in the audit log for the rollout's funnel.
  const funnel = async (type: string) => db().auditEvent.count({ where: { user: { email }, type } })
  await expect.poll(() => funnel('passkey_nudge_offered')).toBe(2)
  expect(await funnel('passkey_nudge_dismissed')).toBe(1)
  const snooze = (await other.cookies()).find((cookie) => cookie.name === 'portal.passkey-nudge')
  const days = (snooze!.expires * 1000 - Date.now()) / 86_400_000
  expect(days).toBeGreaterThan(13.9)
  expect(days).toBeLessThanOrEqual(14)
  await second.goto('/account/activity')
  await expect(second.getByTestId('passkey-nudge')).toHaveCount(0)
  // Fifteen days later the snooze no longer applies.
  await other.addCookies([{ ...snooze!, value: String(Date.now() - 15 * 86_400_000) }])
  await second.reload()
  await expect(second.getByTestId('passkey-nudge')).toBeVisible()
  await other.close()
})

test('passkey options a page fetches by itself write no challenge row and do not keep the session alive', async ({ context, user, signIn }) => {
  const { sessionId } = await signIn(context)
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  const idle = new Date(Date.now() - 5 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { lastSeenAt: idle } })
  const lastSeen = async () => (await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeenAt: true } })).lastSeenAt
  for (const url of ['/api/passkeys/register/options', '/api/passkeys/step-up/options']) {
    const answer = await context.request.post(url, { data: {}, headers: { origin: APP.url } })
    expect(answer.status(), url).toBe(200)
    expect((await answer.json()).challenge, url).toEqual(expect.any(String))
  }
  expect(await lastSeen()).toEqual(idle)
  expect(await db().webAuthnChallenge.count({ where: { userId: user.id } })).toBe(0)
  // A page the person opens is activity: the idle timer moves.
  await context.request.get('/account')
  expect(await lastSeen()).not.toEqual(idle)
})
