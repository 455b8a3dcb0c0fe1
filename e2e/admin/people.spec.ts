import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailsTo, signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'
import { actionId, callAction } from '../support/server-actions'
import { stateAndForm } from '../security/hostile-input/rows'
import { userIn } from '../policies/support'

const PEOPLE = 'app/(admin)/admin/people/actions.ts'

test('suspend ends the open session and refuses every way in; reactivate restores; deprovision removes passkeys for good', async ({
  browser,
  page,
  signIn,
}) => {
  // Three browsers through every way in, twice: on a busy two-core machine this takes most of a minute.
  test.setTimeout(120_000)
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const person = await userIn('customers')

  // The person signs in by code in their own browser and adds a passkey on a virtual authenticator.
  const theirs = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${randomBytes(1)[0]! % 200}` } })
  const theirPage = await theirs.newPage()
  await requestEmail(theirPage, person.email)
  await enterCode(theirPage, (await signInEmailTo(person.email)).code)
  await expect(theirPage).toHaveURL(/\/account$/)
  await addVirtualAuthenticator(theirPage)
  await addPasskeyOnPage(theirPage)

  // Another browser has a sign-in email pending (its code and link unused) when the administrator suspends them.
  const pending = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${randomBytes(1)[0]! % 200}` } })
  const pendingPage = await pending.newPage()
  await requestEmail(pendingPage, person.email)
  const unused = await signInEmailTo(person.email, 1)

  await page.goto(`/admin/people/${person.id}`)
  await page.getByRole('button', { name: 'Suspend' }).click()
  await expect(page.getByRole('status')).toContainText('Suspended')
  await theirPage.goto('/account/passkeys')
  await expect(theirPage).toHaveURL(/\/sign-in/)

  // The pending code and link no longer work; a new request looks the same but sends nothing.
  await enterCode(pendingPage, unused.code)
  await expect(pendingPage).toHaveURL(/\/sign-in\/check-email/)
  await expect(pendingPage.getByText('so it no longer works')).toBeVisible()
  await pendingPage.goto(unused.link)
  await expect(pendingPage.getByRole('button', { name: /Sign in/ })).toHaveCount(0)
  await pending.close()
  const sentBefore = (await emailsTo(person.email)).length
  await requestEmail(theirPage, person.email)
  expect((await emailsTo(person.email)).length).toBe(sentBefore)

  // The passkey is refused, and so is recovery (the same screen, no email).
  await skipPasskeyAutofill(theirPage)
  await theirPage.goto('/sign-in')
  await theirPage.bringToFront()
  await theirPage.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(theirPage.getByRole('alert').filter({ hasText: "We couldn't verify that passkey." })).toBeVisible()
  await expect(theirPage).toHaveURL(/\/sign-in$/)
  await theirPage.goto('/recover')
  await theirPage.getByLabel('Your email address').fill(person.email)
  await theirPage.getByRole('button', { name: 'Email me a code' }).click()
  await expect(theirPage.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await page.waitForTimeout(1000)
  expect((await emailsTo(person.email)).length).toBe(sentBefore)

  // Reactivated, they sign in with their passkey again.
  await page.reload()
  await page.getByRole('button', { name: 'Reactivate' }).click()
  await expect(page.getByRole('status')).toContainText('Reactivated')
  await skipPasskeyAutofill(theirPage)
  await theirPage.goto('/sign-in')
  await theirPage.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(theirPage).toHaveURL(/\/account$/)
  // The authenticator would answer the sign-in page's autofill by itself and sign straight back in.
  await skipPasskeyAutofill(theirPage)
  await signOut(theirPage)

  // Deprovisioned, the passkey on the authenticator no longer signs in, and nothing of the way in is left.
  await page.reload()
  await page.getByLabel('Type their email address to confirm: this is final').fill(person.email)
  await page.getByRole('button', { name: 'Deprovision' }).click()
  await expect(page.getByText(`Deprovisioned (was ${person.email})`)).toBeVisible()
  expect(await db().passkey.count({ where: { userId: person.id } })).toBe(0)
  expect(await db().session.count({ where: { userId: person.id } })).toBe(0)
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).status).toBe('deprovisioned')
  await skipPasskeyAutofill(theirPage)
  await theirPage.goto('/sign-in')
  await theirPage.getByRole('button', { name: 'Sign in with a passkey' }).click()
  // Its passkeys are gone: the browser is told the credential is unknown here.
  await expect(theirPage.getByRole('alert').filter({ hasText: "We don't recognise this passkey" })).toBeVisible()
  await expect(theirPage).toHaveURL(/\/sign-in/)
  // The history stays, and the address is free for a new account.
  expect(await db().auditEvent.count({ where: { userId: person.id, type: 'account_deprovisioned' } })).toBe(1)
  expect(await db().user.count({ where: { email: person.email } })).toBe(0)
  await theirs.close()
})

test('the helpdesk lists people but gets 404 on policies and lifecycle changes are refused on the server', async ({ page, signIn }) => {
  const agent = await userIn('customers', 'helpdesk')
  await signIn(page.context(), { ...agent, displayName: 'Policy Person' })
  const person = await userIn('customers')

  await page.goto(`/admin/people?q=${encodeURIComponent(person.email.slice(0, 12))}`)
  await expect(page.getByTestId('people').getByRole('link', { name: person.email })).toBeVisible()
  await page.getByTestId('people').getByRole('link', { name: person.email }).click()
  await expect(page.getByTestId('person-summary')).toContainText('active')
  await expect(page.getByRole('button', { name: 'Suspend' })).toHaveCount(0)
  expect((await page.request.get('/admin/policies')).status()).toBe(404)

  for (const name of ['suspendPersonAction', 'signOutEverywhereAction', 'changeGroupAction']) {
    const response = await callAction(page.request, '/admin/people', actionId(PEOPLE, name), stateAndForm({ userId: person.id, groupId: 'administrators' }))
    expect(await response.text(), name).toContain('"code":"not_found"')
  }
  const after = await db().user.findUniqueOrThrow({ where: { id: person.id } })
  expect({ status: after.status, groupId: after.groupId }).toEqual({ status: 'active', groupId: 'customers' })
})
