import type { Browser, Page } from '@playwright/test'
import { db } from '../../lib/db'
import { describeUserAgent } from '../../lib/user-agent'
import { expect, test, type TestUser } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailsTo, signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut } from '../support/passkeys'

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0'

const newSignInNotices = async (address: string) => (await emailsTo(address)).filter((email) => email.subject === 'New sign-in to your account').length

/** A browser of its own (no authenticator, so /sign-in's autofill stays idle) from the test's address. */
async function newBrowser(browser: Browser, ip: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip } })
  return context.newPage()
}

async function signInByCode(page: Page, user: TestUser, earlierEmails: number, options: { wrongFirst?: boolean } = {}) {
  await requestEmail(page, user.email)
  const { code } = await signInEmailTo(user.email, earlierEmails)
  if (options.wrongFirst) {
    await enterCode(page, code === '000000' ? '111111' : '000000')
    await expect(page.getByText("That code isn't right", { exact: false })).toBeVisible()
  }
  await enterCode(page, code)
  await expect(page).toHaveURL(/\/account$/)
}

test('sign-ins by passkey, code and link and a wrong code are listed with method, result, device and IP; new browsers get one notice each', async ({
  browser,
  context,
  page,
  user,
  signIn,
  extraHTTPHeaders,
}) => {
  const ip = extraHTTPHeaders!['x-forwarded-for']!
  await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  // Signing out lands on /sign-in, whose autofill request the authenticator answers by itself: a passkey sign-in.
  await signOut(page).catch(() => undefined)
  await expect(page).toHaveURL(/\/account$/)
  // The account's first real sign-in: nothing to compare with, so no notice.
  expect(await newSignInNotices(user.email)).toBe(0)

  const laptop = await newBrowser(browser, ip)
  await signInByCode(laptop, user, 0, { wrongFirst: true })
  await expect.poll(() => newSignInNotices(user.email)).toBe(1)
  const notice = (await emailsTo(user.email)).find((email) => email.subject === 'New sign-in to your account')!
  expect(notice.text).toContain('/account/activity')
  expect(notice.text).toContain(ip)

  // The same browser again: known, no notice.
  await signOut(laptop)
  await signInByCode(laptop, user, 1)

  const tablet = await newBrowser(browser, ip)
  await requestEmail(tablet, user.email)
  const { link } = await signInEmailTo(user.email, 2)
  await tablet.goto(link)
  await tablet.getByRole('button', { name: 'Sign in to Passkey Portal' }).click()
  await expect(tablet).toHaveURL(/\/account$/)
  await expect.poll(() => newSignInNotices(user.email)).toBe(2)
  // Give a late notice for the repeat sign-in time to arrive; there must not be one.
  await page.waitForTimeout(1500)
  expect(await newSignInNotices(user.email)).toBe(2)

  await page.goto('/account/activity')
  const items = page.getByTestId('activity-item')
  const signedIn = items.filter({ hasText: /^Signed in/ })
  await expect(signedIn.filter({ hasText: 'Passkey' })).toHaveCount(1)
  await expect(signedIn.filter({ hasText: 'Email code' })).toHaveCount(2)
  await expect(signedIn.filter({ hasText: 'Email link' })).toHaveCount(1)
  const failed = items.filter({ hasText: 'Sign-in failed' })
  await expect(failed).toHaveCount(1)
  await expect(failed).toContainText('Failed')
  await expect(failed).toContainText('wrong code')
  const device = describeUserAgent(await page.evaluate(() => navigator.userAgent))
  expect(device).toMatch(/^Chrome/)
  for (const row of [failed, signedIn.first()]) {
    await expect(row).toContainText(device)
    await expect(row).toContainText(`IP ${ip}`)
  }
  await expect(items.first().locator('time')).toHaveAttribute('title', /\d{4}/)

  // Filter: failures only, then passkey changes only.
  await page.getByLabel('Result').selectOption('failure')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/result=failure/)
  await expect(items).toHaveCount(1)
  await expect(items).toContainText('Sign-in failed')
  await page.getByLabel('Result').selectOption('')
  await page.getByLabel('Type').selectOption('passkeys')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(items).toHaveCount(1)
  await expect(items).toContainText('Passkey added')

  // Pages of 25: 30 more events make a second page. Stamped now, as the portal would: a row dated behind
  // what the audit log has sealed is refused by its sealer (docs/decisions/0015-sealed-audit-log.md).
  const now = Date.now()
  await db().auditEvent.createMany({
    data: Array.from({ length: 30 }, (_, index) => ({
      userId: user.id,
      type: 'step_up',
      result: 'success',
      method: 'passkey',
      createdAt: new Date(now - index),
    })),
  })
  await page.goto('/account/activity')
  await expect(items).toHaveCount(25)
  // Not shown as activity: our own email deliveries and the passkey offer's funnel.
  const total = await db().auditEvent.count({
    where: { userId: user.id, type: { notIn: ['email_sent', 'email_failed', 'passkey_nudge_offered', 'passkey_nudge_dismissed'] } },
  })
  await page.getByRole('link', { name: 'Older activity' }).click()
  await expect(items).toHaveCount(Math.min(25, total - 25))
  await expect(page.getByRole('link', { name: 'Newest' })).toBeVisible()
  await expect(items.first()).toContainText('Confirmed it was you')
})

test('"This wasn\'t me" signs out every other session at once, records the report and lists the next steps', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  await signIn(context)
  const strangerContext = await browser.newContext()
  const { sessionId: strangerSession } = await signIn(strangerContext)
  const stranger = await strangerContext.newPage()
  await stranger.goto('/account')
  await expect(stranger.getByTestId('signed-in-user')).toBeVisible()
  const event = await db().auditEvent.create({
    data: {
      userId: user.id,
      type: 'sign_in',
      result: 'success',
      method: 'email_code',
      sessionId: strangerSession,
      ipAddress: '203.0.113.99',
      userAgent: FIREFOX_ON_WINDOWS,
    },
    select: { id: true },
  })

  await page.goto('/account/activity')
  const row = page.getByTestId('activity-item').filter({ hasText: 'Firefox on Windows' })
  await expect(row).toContainText('IP 203.0.113.99')
  await row.getByText('This wasn’t me').click()
  await row.getByRole('button', { name: /sign out other sessions/ }).click()
  await expect(row.getByTestId('report-result')).toContainText('1 other session was signed out')
  await expect(row.getByRole('link', { name: 'Review your passkeys' })).toBeVisible()
  await expect(row.getByRole('link', { name: 'Make new recovery codes' })).toBeVisible()

  await stranger.goto('/account')
  await expect(stranger).toHaveURL(/\/sign-in/)
  await page.goto('/account')
  await expect(page.getByTestId('signed-in-user')).toBeVisible()
  const report = await db().auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'activity_reported' }, select: { detail: true } })
  expect(JSON.parse(report.detail!)).toMatchObject({ eventId: event.id, eventType: 'sign_in', signedOut: 1 })
})

test('downloads: the history as CSV and JSON, and all account data as JSON, without secrets', async ({ context, page, user, signIn }) => {
  await signIn(context)
  await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await page.goto('/account/activity')
  const csvDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download CSV' }).click()
  const csv = await (await csvDownload).path().then((path) => import('node:fs/promises').then((fs) => fs.readFile(path, 'utf8')))
  // The UTC time as recorded, then the same moment on the reader's clock, in a column that names the zone.
  expect(csv.split('\r\n')[0]).toMatch(/^time_utc,local_time \([\w/+-]+\),event,type,result,method,reason,details,device,ip_address,user_agent$/)
  expect(csv).toContain('"Passkey added","passkey_added","success"')

  const json = await page.request.get('/account/activity/download?format=json')
  expect(json.headers()['content-disposition']).toMatch(/^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.json"$/)
  expect((await json.json()) as unknown[]).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'passkey_added' })]))
  expect((await page.request.get('/account/activity/download?format=xml')).status()).toBe(400)

  await page.goto('/account/profile')
  const dataDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download your data' }).click()
  const text = await (await dataDownload).path().then((path) => import('node:fs/promises').then((fs) => fs.readFile(path, 'utf8')))
  const data = JSON.parse(text)
  expect(data.profile.email).toBe(user.email)
  expect(data.passkeys).toHaveLength(1)
  const passkey = await db().passkey.findFirstOrThrow({ where: { userId: user.id }, select: { credentialId: true, publicKey: true } })
  const sessions = await db().session.findMany({ where: { userId: user.id }, select: { id: true } })
  for (const secret of [
    passkey.credentialId,
    Buffer.from(passkey.publicKey).toString('base64'),
    Buffer.from(passkey.publicKey).toString('base64url'),
    ...sessions.map((s) => s.id),
  ]) {
    expect(text).not.toContain(secret)
    expect(csv).not.toContain(secret)
  }

  // Signed out, the downloads send you to sign in.
  await context.clearCookies()
  const signedOut = await page.request.get('/account/profile/export', { maxRedirects: 0 })
  expect(signedOut.status()).toBe(303)
  expect(signedOut.headers().location).toContain('/sign-in')
})

test.describe('small screens and dark mode', () => {
  test.use({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' })

  test('the activity and profile pages fit 360 px', async ({ context, page, signIn }) => {
    await signIn(context)
    for (const path of ['/account/activity', '/account/profile']) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    }
  })
})
