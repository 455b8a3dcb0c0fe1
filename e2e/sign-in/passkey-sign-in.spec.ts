import { createHash } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { latestEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'

test('two passkeys on two authenticators each sign in through the button and update only their own last use', async ({ context, user, signIn }) => {
  await signIn(context)
  const phone = await context.newPage()
  const laptop = await context.newPage()
  const phoneAuthenticator = await addVirtualAuthenticator(phone)
  const laptopAuthenticator = await addVirtualAuthenticator(laptop)
  await addPasskeyOnPage(phone)
  await addPasskeyOnPage(laptop)
  expect(await phoneAuthenticator.credentials()).toHaveLength(1)
  expect(await laptopAuthenticator.credentials()).toHaveLength(1)
  const added = await latestEmailTo(user.email, /A passkey was added/)
  expect(added.text).toContain('/account/passkeys')

  const passkeys = await db().passkey.findMany({ where: { userId: user.id }, select: { id: true, credentialId: true, lastUsedAt: true } })
  expect(passkeys).toHaveLength(2)
  expect(passkeys.every((passkey) => passkey.lastUsedAt === null)).toBe(true)
  const phoneCredential = Buffer.from((await phoneAuthenticator.credentials())[0]!.credentialId, 'base64').toString('base64url')

  for (const [page, credentialId] of [
    [phone, phoneCredential],
    [laptop, null],
  ] as const) {
    await page.bringToFront()
    await skipPasskeyAutofill(page)
    await signOut(page)
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await expect(page).toHaveURL(/\/account$/)
    await expect(page.getByTestId('session-summary')).toContainText('Passkey')
    const used = await db().passkey.findMany({ where: { userId: user.id, lastUsedAt: { not: null } }, select: { credentialId: true } })
    if (credentialId) expect(used.map((passkey) => passkey.credentialId)).toEqual([credentialId])
    else expect(used).toHaveLength(2)
  }
})

test('autofill on the email field signs in with a passkey', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await addVirtualAuthenticator(page, { automaticPresenceSimulation: true })
  await addPasskeyOnPage(page)
  // Signing out lands on /sign-in, whose email field starts a conditional request; the authenticator answers it by itself.
  await signOut(page).catch(() => undefined)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('session-summary')).toContainText('Passkey')
  const session = await db().session.findFirst({ where: { userId: user.id, method: 'passkey' }, select: { id: true } })
  expect(session).not.toBeNull()
})

test('removing a passkey tells the browser (Signal API), and sign-in then explains and offers email', async ({ context, page, user, signIn }) => {
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await signIn(context)
  const authenticator = await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.getByTestId('passkey').getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByTestId('passkey')).toHaveCount(0)
  await expect.poll(async () => (await authenticator.credentials()).length).toBe(0)
  await skipPasskeyAutofill(page)
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page.getByText('or sign in with email', { exact: false })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible()
  expect(await db().session.count({ where: { userId: user.id, method: 'passkey' } })).toBe(0)
})

test('showing /sign-in writes nothing: the autofill challenge is sealed in the cookie until it is answered', async ({ page, context, extraHTTPHeaders }) => {
  const ip = extraHTTPHeaders!['x-forwarded-for']!
  await addVirtualAuthenticator(page)
  await page.goto('/sign-in')
  await expect.poll(async () => (await context.cookies()).find((cookie) => cookie.name === 'portal.webauthn')?.value ?? '').toMatch(/^v2\./)
  const sealed = (await context.cookies()).find((cookie) => cookie.name === 'portal.webauthn')!.value
  expect(await db().webAuthnChallenge.count({ where: { id: createHash('sha256').update(sealed).digest('hex') } })).toBe(0)
  expect(await db().rateLimit.count({ where: { key: { contains: ip } } })).toBe(0)
})
