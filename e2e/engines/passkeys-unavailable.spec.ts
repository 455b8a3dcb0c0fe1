import { db } from '../../lib/db'
import { expect, test } from './fixtures'
import { waitForListedPasskeys } from './support/passkeys'
import { SIGN_IN_WITH_EMAIL_INSTEAD, USE_ANOTHER_BROWSER, expectPasskeyActionNotOffered } from './support/passkeys-unavailable'

const MINUTE = 60_000

/** A passkey the person made in another browser. */
const passkeyFromElsewhere = (userId: string, name: string) =>
  db().passkey.create({
    data: {
      userId,
      credentialId: `elsewhere-${name}-${userId}`,
      publicKey: new Uint8Array([1]),
      aaguid: '00000000-0000-0000-0000-000000000000',
      name,
      backupEligible: true,
      backedUp: true,
      transports: 'hybrid,internal',
      createdAt: new Date(),
    },
  })

test.skip(({ engine }) => engine !== 'webkit', 'Only WebKitGTK lacks the Web Authentication API here: passkeys.spec.ts covers the others')

test('without the Web Authentication API, no passkey action is offered, each page says why, and email still works', async ({ open, user, signInPage }) => {
  const page = await open()
  await page.goto('/sign-in')
  // The premise: should WebKitGTK gain the API, this lane should run passkeys.spec.ts instead.
  expect(await page.evaluate(`() => typeof PublicKeyCredential === 'undefined' && !('credentials' in navigator)`)).toBe(true)
  await expectPasskeyActionNotOffered(page, 'Sign in with a passkey', SIGN_IN_WITH_EMAIL_INSTEAD)
  // The email form still answers (an address it refuses, so no email is sent).
  await page.fill('Email address', 'not-an-email')
  await page.press('Continue')
  await page.waitForText(/like name@example\.com/)

  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await passkeyFromElsewhere(user.id, 'Laptop')
  await passkeyFromElsewhere(user.id, 'Phone')
  const { sessionId } = await signInPage(page, user)
  await page.goto('/account/passkeys')
  await waitForListedPasskeys(page, 2)
  await expectPasskeyActionNotOffered(page, 'Add a passkey', USE_ANOTHER_BROWSER)
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(2)
  // Removing needs no authenticator: the confirmation dialog and the removal work here too.
  await page.press('Remove')
  await page.press('Remove passkey')
  await waitForListedPasskeys(page, 1)
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(1)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'passkey_removed', result: 'success' } })).toBe(1)

  // Signed in 11 minutes ago: confirming it's you offers the emailed code beside the passkey.
  const elevenMinutesAgo = new Date(Date.now() - 11 * MINUTE)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: elevenMinutesAgo, verifiedAt: elevenMinutesAgo } })
  await page.goto('/account/confirm?returnTo=%2Faccount%2Fpasskeys')
  await expectPasskeyActionNotOffered(page, 'Confirm with a passkey', USE_ANOTHER_BROWSER)
  expect(await page.isVisible('button', `Email a code to ${user.email}`)).toBe(true)
})
