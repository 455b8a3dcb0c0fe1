import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { hydrated } from '../support/hydration'
import { emailedCodeTo } from '../support/mailbox'
import { APP } from '../support/servers'

const HOUR = 3600_000

test('a session stolen earlier cannot sign out its owner or report them; the owner’s newer sign-in throws it out without a confirmation', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  // The thief's copy of an older session, last confirmed two hours ago.
  const stolen = await signIn(context)
  const past = new Date(Date.now() - 2 * HOUR)
  await db().session.update({ where: { id: stolen.sessionId }, data: { createdAt: past, lastSeenAt: past, verifiedAt: null } })
  // The owner signs in afterwards, elsewhere.
  const ownerContext = await browser.newContext()
  const owner = await signIn(ownerContext)
  await db().session.update({ where: { id: owner.sessionId }, data: { createdAt: new Date(Date.now() - HOUR), verifiedAt: null } })
  await db().auditEvent.create({ data: { userId: user.id, type: 'sign_in', result: 'success', method: 'passkey', sessionId: owner.sessionId } })

  await page.goto('/account/sessions')
  await page.getByRole('button', { name: 'Sign out an unknown browser' }).click()
  await expect(page.getByRole('link', { name: 'Confirm it’s you' })).toBeVisible()
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(page.getByRole('link', { name: 'Confirm it’s you' })).toHaveCount(2)
  await page.goto('/account/activity')
  await page.getByText('This wasn’t me').first().click()
  await page
    .getByRole('button', { name: /and sign out other sessions/ })
    .first()
    .click()
  await expect(page.getByRole('link', { name: 'Confirm it’s you' })).toBeVisible()
  expect(await db().session.count({ where: { id: owner.sessionId } })).toBe(1)

  const ownerPage = await ownerContext.newPage()
  await ownerPage.goto('/account/sessions')
  // Its "Signed out" message lives in the thief's row, which a page drawn afresh no longer has.
  await (await hydrated(ownerPage.getByRole('button', { name: 'Sign out an unknown browser' }))).click()
  await expect(ownerPage.getByText('Signed out. That browser will be asked to sign in on its next page.')).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
  await ownerContext.close()
})

test('confirming it’s you gives the session a new token: a copy of the old cookie no longer works', async ({ browser, context, page, user, signIn }) => {
  const { sessionId } = await signIn(context)
  // Signed in an hour ago, so the page asks for a confirmation.
  const earlier = new Date(Date.now() - HOUR)
  await db().session.update({ where: { id: sessionId }, data: { createdAt: earlier, lastSeenAt: earlier } })
  const before = (await context.cookies(APP.url)).find((cookie) => cookie.name === 'portal.session')!.value
  await page.goto('/account/confirm?returnTo=%2Faccount%2Fsessions')
  await page.getByRole('button', { name: /^Email a code to / }).click()
  await page.getByLabel('6-digit code').fill(await emailedCodeTo(user.email, /^Confirm it’s you on /))
  await page.getByRole('button', { name: 'Confirm' }).click()
  await expect(page).toHaveURL(/\/account\/sessions$/)
  const after = (await context.cookies(APP.url)).find((cookie) => cookie.name === 'portal.session')!.value
  expect(after).not.toBe(before)

  const copy = await browser.newContext()
  await copy.addCookies([{ name: 'portal.session', value: before, url: APP.url, httpOnly: true, sameSite: 'Lax' }])
  const copied = await copy.newPage()
  await copied.goto('/account')
  await expect(copied).toHaveURL(/\/sign-in/)
  await page.reload()
  await expect(page.getByTestId('session')).toHaveCount(1)
  await copy.close()
})
