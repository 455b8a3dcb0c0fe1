import { revokeSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'

test('a signed-in browser sees its account; revoking its session row signs it out on the next request', async ({ page, context, user, signIn }) => {
  const { sessionId } = await signIn(context)
  await page.goto('/account')
  await expect(page.getByTestId('signed-in-user')).toContainText(user.email)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Test Person')
  await expect(page.getByTestId('session-summary')).toContainText('Test sign-in')

  expect(await revokeSession(user.id, sessionId)).not.toBeNull()
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Passkeys' }).click()
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount%2Fpasskeys$/)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
})

test('signing out deletes the session row and returns to sign-in', async ({ page, context, signIn }) => {
  const { sessionId } = await signIn(context)
  await page.goto('/account/sessions')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/)
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible()
  expect(await db().session.count({ where: { id: sessionId } })).toBe(0)
  const events = await db().auditEvent.findMany({ where: { sessionId }, select: { type: true, result: true } })
  expect(events).toEqual([{ type: 'sign_out', result: 'success' }])
})

test('a suspended user is signed out at once', async ({ page, context, user, signIn }) => {
  await signIn(context)
  await page.goto('/account')
  await expect(page.getByTestId('signed-in-user')).toBeVisible()
  await db().user.update({ where: { id: user.id }, data: { status: 'suspended' } })
  await page.reload()
  await expect(page).toHaveURL(/\/sign-in/)
})

test.describe('small screens and dark mode', () => {
  test.use({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' })

  test('the account shell fits 360 px and follows the dark colour scheme', async ({ page, context, signIn }) => {
    await signIn(context)
    await page.goto('/account')
    await expect(page.getByRole('navigation', { name: 'Account' })).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(background).not.toBe('rgb(250, 250, 250)')
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  })
})

test('the sessions page lists both browsers; signing one out ends it; "sign out all others" needs step-up and keeps this one', async ({
  browser,
  page,
  context,
  user,
  signIn,
}) => {
  const { sessionId } = await signIn(context)
  const laptop = await browser.newContext()
  await signIn(laptop)
  const laptopPage = await laptop.newPage()
  await laptopPage.goto('/account')
  await expect(laptopPage.getByTestId('signed-in-user')).toContainText(user.email)

  await page.goto('/account/sessions')
  await expect(page.getByTestId('session')).toHaveCount(2)
  await expect(page.getByTestId('session').first()).toContainText('This device')
  await expect(page.getByTestId('session').first()).toContainText('Test sign-in')
  await page
    .locator('li')
    .filter({ has: page.getByTestId('session') })
    .filter({ hasNotText: 'This device' })
    .getByRole('button')
    .click()
  await expect(page.getByText('Signed out. That browser will be asked to sign in on its next page.')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('session')).toHaveCount(1)
  await laptopPage.goto('/account')
  await expect(laptopPage).toHaveURL(/\/sign-in/)

  // Two more browsers; this one's sign-in is 11 minutes old, so signing them all out needs a confirmation first.
  for (let index = 0; index < 2; index++) await signIn(await browser.newContext())
  const eleven = new Date(Date.now() - 11 * 60_000)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: eleven, verifiedAt: eleven } })
  await page.reload()
  await expect(page.getByTestId('session')).toHaveCount(3)
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(page.getByText('confirm it’s you before changing how you sign in')).toBeVisible()
  expect(await db().session.count({ where: { userId: user.id } })).toBe(3)
  await db().session.update({ where: { id: sessionId }, data: { verifiedAt: new Date() } })
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(page.getByText('2 other sessions were signed out.')).toBeVisible()
  expect(await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: sessionId }])
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'session_revoked' } })).toBe(2)
  await laptop.close()
})
