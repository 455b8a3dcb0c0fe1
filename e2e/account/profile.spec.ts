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

test('choosing German in the profile turns the pages German, and the account keeps it after signing out and in again', async ({
  context,
  page,
  user,
  signIn,
}) => {
  await signIn(context)
  await page.goto('/account/profile')
  await page.getByLabel('Language', { exact: true }).selectOption('de')
  await page.getByRole('button', { name: 'Change language' }).click()
  await expect(page).toHaveURL(/\/account\/profile$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Profil')
  await expect(page.getByRole('region', { name: 'Sprache und Zeitzone' })).toBeVisible()
  await expect(page.getByLabel('Sprache', { exact: true })).toHaveValue('de')
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true } })).toEqual({ locale: 'de' })
  const changes = await db().auditEvent.findMany({ where: { userId: user.id, type: 'profile_updated' }, select: { detail: true } })
  expect(changes.map((change) => JSON.parse(change.detail!))).toEqual([{ setting: 'locale', from: null, to: 'de' }])

  // Signed out, and in again from a browser that kept nothing (no language cookie): the account's choice still holds.
  await page.getByRole('banner').getByRole('button').click()
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/)
  await context.clearCookies()
  await signIn(context)
  await page.goto('/account')
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo, Test Person')
  await expect(page.getByTestId('session-summary')).toContainText('Angemeldet mit Test-Anmeldung')
})

test.describe('a browser in Berlin', () => {
  test.use({ timezoneId: 'Europe/Berlin' })

  test('the profile offers the browser’s zone first; a zone chosen there is the one every time is shown in', async ({ context, page, user, signIn }) => {
    await signIn(context)
    await page.goto('/account')
    // The browser reports its zone in a cookie once the page has run its script.
    const reported = async () => decodeURIComponent((await context.cookies()).find((cookie) => cookie.name === 'tz')?.value ?? '')
    await expect.poll(reported).toBe('Europe/Berlin')
    await page.goto('/account/profile')
    const zone = page.getByLabel('Time zone', { exact: true })
    await expect(zone).toHaveValue('Europe/Berlin')
    await expect(page.getByText('it’s taken from your browser when you sign in', { exact: false })).toBeVisible()

    await zone.selectOption('Asia/Tokyo')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await expect(page.getByText('Time zone saved. Times are now shown in Asia/Tokyo.')).toBeVisible()
    await expect(zone).toHaveValue('Asia/Tokyo')
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } })).toEqual({ timeZone: 'Asia/Tokyo' })
    const changes = await db().auditEvent.findMany({ where: { userId: user.id, type: 'profile_updated' }, select: { detail: true } })
    expect(changes.map((change) => JSON.parse(change.detail!))).toEqual([{ setting: 'timeZone', from: 'Europe/Berlin', to: 'Asia/Tokyo' }])

    // Rendered on the server in the saved zone, not the browser's (Berlin would be GMT+1 or GMT+2).
    await page.goto('/account/sessions')
    await expect(page.getByTestId('session').first()).toContainText('GMT+9')
    await expect(page.getByTestId('session').first()).not.toContainText(/GMT\+[12]\b/)
    await page.goto('/account')
    await expect(page.getByTestId('session-summary')).toContainText('GMT+9')
    await page.reload()
    await expect(page.getByTestId('session-summary')).toContainText('GMT+9')
  })
})
