import { revokeSession } from '../../lib/auth/session'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'

test('a signed-in browser sees its account; revoking its session row signs it out on the next request', async ({ page, context, user, signIn }) => {
  const { sessionId } = await signIn(context)
  await page.goto('/account')
  await expect(page.getByTestId('signed-in-user')).toContainText(user.email)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Test Person')
  await expect(page.getByTestId('session-summary')).toContainText('Test sign-in')

  expect(await revokeSession(user.id, sessionId)).toBe(true)
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Passkeys' }).click()
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount%2Fpasskeys$/)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
})

test('signing out deletes the session row and returns to sign-in', async ({ page, context, signIn }) => {
  const { sessionId } = await signIn(context)
  await page.goto('/account/sessions')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
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
