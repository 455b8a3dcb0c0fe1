import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { emailedCodeTo, emailsTo, latestEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, skipPasskeyAutofill } from '../support/passkeys'

const ELEVEN_MINUTES_AGO = () => new Date(Date.now() - 11 * 60_000)

test('name, and the email change: step-up first, a code to the new address, a notice to the old one', async ({ context, page, user, signIn }) => {
  const { sessionId } = await signIn(context)
  await page.goto('/account/profile')
  await page.getByLabel('Your name').fill('  Ada\u202e Lovelace  ')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByText('Name saved.')).toBeVisible()
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { displayName: true } })).toEqual({ displayName: 'Ada Lovelace' })
  await page.getByLabel('Your name').fill('x'.repeat(61))
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByText('Use 1 to 60 characters for your name, or leave it empty.')).toBeVisible()
  await expect(page.getByLabel('Your name')).toHaveValue('x'.repeat(61))

  const target = `moved-${randomBytes(5).toString('hex')}@example.com`
  await db().session.update({ where: { id: sessionId }, data: { createdAt: ELEVEN_MINUTES_AGO(), verifiedAt: ELEVEN_MINUTES_AGO() } })
  await page.reload()
  await page.getByLabel('New email address').fill(target)
  await page.getByRole('button', { name: 'Send a code to the new address' }).click()
  const emailCard = page.getByRole('region', { name: 'Email address' })
  await expect(emailCard.getByRole('alert')).toContainText('confirm it’s you')
  expect(await emailsTo(target)).toEqual([])
  await emailCard.getByRole('link', { name: 'Confirm it’s you' }).click()
  await page.getByRole('button', { name: `Email a code to ${user.email}` }).click()
  await page.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Confirm it’s you on /))
  await page.getByRole('button', { name: 'Confirm' }).click()
  await expect(page).toHaveURL(/\/account\/profile$/)

  await page.getByLabel('New email address').fill(target)
  await page.getByRole('button', { name: 'Send a code to the new address' }).click()
  await expect(page.getByTestId('email-change-pending')).toContainText(target)
  // Nothing changes until the code comes back.
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: user.email })
  const code = await emailedCodeTo(target, /^Confirm your new email address/)
  await page.getByLabel('Code from that email').fill(code === '000000' ? '111111' : '000000')
  await page.getByRole('button', { name: 'Change my email address' }).click()
  await expect(page.getByText("That code isn't right", { exact: false })).toBeVisible()
  await page.getByLabel('Code from that email').fill(code)
  await page.getByRole('button', { name: 'Change my email address' }).click()
  await expect(page.getByText(`You now sign in with ${target}.`)).toBeVisible()
  await expect(page.getByTestId('account-email')).toHaveText(target)
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: target })
  const notice = await latestEmailTo(user.email, /email address was changed/)
  expect(notice.text).toContain(target)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'email_changed', result: 'success' } })).toBe(1)
})

test('changing how you sign in always emails a notice and offers to sign out the other sessions', async ({ browser, context, page, user, signIn }) => {
  await signIn(context)
  const otherContext = await browser.newContext()
  await signIn(otherContext)
  await page.goto('/account/recovery')
  await expect(page.getByText('Sign out your other sessions too?')).toHaveCount(0)
  await page.getByRole('button', { name: 'Create recovery codes' }).click()
  await expect(page.getByTestId('recovery-code')).toHaveCount(10)
  const notice = await latestEmailTo(user.email, /New recovery codes were made/)
  expect(notice.text).toContain('/account/activity')
  const offer = page.getByRole('region', { name: /Sign out your other sessions too/ })
  await expect(offer).toContainText('1 other browser or device')
  await offer.getByRole('button', { name: 'Sign out other sessions' }).click()
  await expect(page.getByText('1 other session was signed out.')).toBeVisible()
  expect(await db().session.count({ where: { userId: user.id } })).toBe(1)
  // The new-sign-in notice can be turned off (after a recent confirmation); these can't.
  await page.goto('/account/profile')
  await page.getByLabel('Off').check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('We won’t email you about sign-ins from new browsers.', { exact: false })).toBeVisible()
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { newSignInNotices: true } })).toEqual({ newSignInNotices: false })
})

test('deleting the account: step-up and the typed address, then everything goes but an anonymised history, and its passkey no longer signs in', async ({
  context,
  page,
  user,
  signIn,
}) => {
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  const { sessionId } = await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  const credentialId = (await db().passkey.findFirstOrThrow({ where: { userId: user.id }, select: { credentialId: true } })).credentialId
  const history = (await db().auditEvent.findMany({ where: { userId: user.id }, select: { id: true } })).map((event) => event.id)

  await db().session.update({ where: { id: sessionId }, data: { createdAt: ELEVEN_MINUTES_AGO(), verifiedAt: ELEVEN_MINUTES_AGO() } })
  await page.goto('/account/profile')
  const danger = page.getByRole('region', { name: 'Delete your account' })
  await danger.getByLabel(`To confirm, type ${user.email}`).fill(user.email)
  await danger.getByRole('button', { name: 'Delete my account' }).click()
  await expect(danger.getByRole('alert')).toContainText('confirm it’s you')
  await db().session.update({ where: { id: sessionId }, data: { verifiedAt: new Date() } })
  await danger.getByLabel(`To confirm, type ${user.email}`).fill('someone-else@example.com')
  await danger.getByRole('button', { name: 'Delete my account' }).click()
  await expect(danger.getByText('Type the email address you sign in with, exactly, to confirm.')).toBeVisible()
  expect(await db().user.count({ where: { id: user.id } })).toBe(1)

  await danger.getByLabel(`To confirm, type ${user.email}`).fill(user.email.toUpperCase())
  await danger.getByRole('button', { name: 'Delete my account' }).click()
  await expect(page).toHaveURL(/\/goodbye$/)
  await expect(page.getByRole('heading', { name: 'Your account was deleted' })).toBeVisible()
  expect(await db().user.count({ where: { id: user.id } })).toBe(0)
  expect(await db().passkey.count({ where: { credentialId } })).toBe(0)
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  const kept = await db().auditEvent.findMany({ where: { id: { in: history } }, select: { userId: true, ipAddress: true, userAgent: true, detail: true } })
  expect(kept).toHaveLength(history.length)
  expect(kept.every((event) => event.userId === null && event.ipAddress === null && event.userAgent === null && event.detail === null)).toBe(true)
  expect((await latestEmailTo(user.email, /account was deleted/)).text).toContain('can’t be undone')

  // The authenticator still holds the passkey; the portal no longer knows it.
  await skipPasskeyAutofill(page)
  await page.goto('/sign-in')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page.getByText("We don't recognise this passkey", { exact: false })).toBeVisible()
  await expect(page).toHaveURL(/\/sign-in/)
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
})
