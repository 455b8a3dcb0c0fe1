import { randomBytes } from 'node:crypto'
import type { Locator } from '@playwright/test'
import { db } from '../../lib/db'
import { refreshRolloutSnapshot } from '../../lib/rollout/snapshot'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'
import { groupWith, userIn } from '../policies/support'
import { removeUsers } from '../support/users'

/**
 * The rollout dashboard's device picture against a count by hand of seeded
 * rows: passkeys by the system and browser they were made on, and people by
 * what the devices they are signed in on can do. And a real sign-in and
 * enrolment in Chromium recording the families and the browser's report.
 */

const DAY = 86_400_000
const cells = (table: Locator) =>
  table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())))

test('the device and capability tables equal a hand count of seeded people, passkeys and sessions', async ({ browser, signIn }) => {
  const groupId = await groupWith({})
  const people = await Promise.all(Array.from({ length: 6 }, () => userIn(groupId)))
  type Person = (typeof people)[number]
  const [ana, ben, cai, dee, eli, fay] = people as [Person, Person, Person, Person, Person, Person]
  const key = (userId: string, createdOs: string | null, createdBrowser: string | null) => ({
    userId,
    name: 'Seeded',
    credentialId: `device-${randomBytes(8).toString('hex')}`,
    publicKey: new Uint8Array([1]),
    aaguid: '00000000-0000-0000-0000-000000000000',
    backupEligible: false,
    backedUp: false,
    createdAt: new Date(),
    createdOs,
    createdBrowser,
  })
  // Passkeys: macOS/Safari ×3, Android/Chrome ×1, not known ×1; and one of a suspended person, not counted.
  await db().passkey.createMany({
    data: [
      key(ana.id, 'macOS', 'Safari'),
      key(ben.id, 'macOS', 'Safari'),
      key(cai.id, 'macOS', 'Safari'),
      key(dee.id, 'Android', 'Chrome'),
      key(eli.id, null, null),
      key(fay.id, 'Windows', 'Firefox'),
    ],
  })
  await db().user.update({ where: { id: fay.id }, data: { status: 'suspended' } })
  const session = (userId: string, capabilities: string | null, expiresIn = DAY) => ({
    id: `device-${randomBytes(12).toString('hex')}`,
    userId,
    method: 'passkey' as const,
    createdAt: new Date(),
    lastSeenAt: new Date(),
    expiresAt: new Date(Date.now() + expiresIn),
    capabilities,
  })
  // Ana: one device that can, one that cannot (no WebAuthn) → cannot. Ben: platform authenticator → can. Cai: hybrid only → can.
  // Dee: WebAuthn but neither platform nor hybrid (a security key only) → cannot. Eli: never said → not reported.
  // An ended session (Ben's second) and the suspended person's count for nothing.
  await db().session.createMany({
    data: [
      session(ana.id, '1111'),
      session(ana.id, '0000'),
      session(ben.id, '1100'),
      session(ben.id, '0000', -DAY),
      session(cai.id, '1001'),
      session(dee.id, '1010'),
      session(eli.id, null),
      session(fay.id, '0000'),
    ],
  })
  // As the background job would within the minute.
  await db().rolloutSnapshot.deleteMany({})
  await refreshRolloutSnapshot()

  const admin = await userIn('customers', 'admin')
  try {
    const console = await browser.newContext()
    await signIn(console, { ...admin, displayName: 'Admin' })
    const dashboard = await console.newPage()
    await dashboard.goto(`/admin/rollout?group=${groupId}`)
    const devices = dashboard.getByRole('table', { name: 'Passkeys by the system and browser they were created on' })
    expect(await cells(devices)).toEqual([
      ['macOS', 'Safari', '3'],
      ['Android', 'Chrome', '1'],
      ['Not known', 'Not known', '1'],
    ])
    const capabilities = dashboard.getByRole('table', { name: 'Active people signed in now, by group and by what their devices can do with passkeys' })
    const groupName = (await db().group.findUniqueOrThrow({ where: { id: groupId }, select: { name: true } })).name
    expect(await cells(capabilities)).toEqual([[groupName, '2', '2', '1', '50%']])
    await expect(dashboard.getByTestId('capabilities-summary')).toHaveText(
      '2 people signed in now use a device that cannot create a passkey (50% of those whose browser reported it).',
    )
    const csv = await (await console.request.get(`/admin/rollout/download?figure=capabilities&group=${groupId}`)).text()
    expect(csv).toContain(`"${groupName}","2","2","1","50%"`)
    await console.close()
  } finally {
    await removeUsers(admin.id, ...people.map((person) => person.id))
    await db().group.delete({ where: { id: groupId } })
  }
})

// The suite's Chromium presents the Desktop Chrome descriptor's user agent (Chrome on Windows).
test('a sign-in and an enrolment record the families and what the browser said, never more', async ({ page, user }) => {
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await addVirtualAuthenticator(page)
  // The sign-in page asks the browser what it can do and leaves the four bits for the next sign-in.
  await requestEmail(page, user.email)
  const report = (await page.context().cookies()).find((cookie) => cookie.name === 'portal.device')
  expect(report?.value).toMatch(/^1[01]{3}$/)
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account/)
  const signedIn = await db().session.findFirstOrThrow({ where: { userId: user.id }, select: { osFamily: true, browserFamily: true, capabilities: true } })
  expect(signedIn).toEqual({ osFamily: 'Windows', browserFamily: 'Chrome', capabilities: report!.value })

  await addPasskeyOnPage(page)
  expect(await db().passkey.findFirstOrThrow({ where: { userId: user.id }, select: { createdOs: true, createdBrowser: true } })).toEqual({
    createdOs: 'Windows',
    createdBrowser: 'Chrome',
  })
  await skipPasskeyAutofill(page)
  await signOut(page)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  // The pages ask again on each visit: the passkey sign-in stores the answer the browser gave last.
  const latest = (await page.context().cookies()).find((cookie) => cookie.name === 'portal.device')
  expect(latest?.value).toMatch(/^1[01]{3}$/)
  const byPasskey = await db().session.findFirstOrThrow({ where: { userId: user.id, method: 'passkey' }, select: { capabilities: true } })
  expect(byPasskey.capabilities).toBe(latest!.value)
})
