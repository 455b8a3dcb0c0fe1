import { createEmailChallenge, signInRecipient } from '../../lib/auth/email-code/challenge'
import { db } from '../../lib/db'
import { applyPreset, findPreset } from '../../lib/policy/presets'
import { DEFAULT_POLICY } from '../../lib/policy/schema'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { emailedCodeTo, latestEmailTo, signInEmailTo } from '../support/mailbox'
import { signOut } from '../support/passkeys'
import { actionId, callAction } from '../support/server-actions'
import { ACTIONS, stateAndForm } from '../security/hostile-input/rows'
import { groupWith, idleFor, passkeyRow, userIn } from './support'

test('a contractor signs in by code and by link', async ({ page }) => {
  const contractor = await userIn('contractors')
  await requestEmail(page, contractor.email)
  const first = await signInEmailTo(contractor.email)
  await enterCode(page, first.code)
  await expect(page).toHaveURL(/\/account$/)
  await signOut(page)

  await requestEmail(page, contractor.email)
  const second = await signInEmailTo(contractor.email, 1)
  await page.goto(second.link)
  await page.getByRole('button', { name: 'Sign in to Passkey Portal' }).click()
  await expect(page).toHaveURL(/\/account$/)
  // Contractors' codes live 5 minutes, as their group says.
  expect((await latestEmailTo(contractor.email, /^Sign in to/)).text).toContain('expire in 5 minutes')
})

test('an administrator gets no link, a link is refused with a clear message, and by code they must add a passkey before anything else', async ({ page }) => {
  const admin = await userIn('administrators', 'admin')
  // A link for the account (say, from before its group stopped links) is refused, with the reason.
  const challenge = await createEmailChallenge({
    email: admin.email,
    returnTo: null,
    context: { ipAddress: null, userAgent: null },
    recipient: await signInRecipient(admin.email, 'invite-only'),
  })
  const other = await page.context().browser()!.newContext()
  const linkPage = await other.newPage()
  await linkPage.goto(`/sign-in/link?token=${challenge.linkToken}`)
  await linkPage.getByLabel('6-digit code from the same email').fill(challenge.code)
  await linkPage.getByRole('button', { name: 'Sign in here' }).click()
  await expect(linkPage.getByText('Sign-in links are turned off for this account by your organisation')).toBeVisible()
  await other.close()

  // The email itself carries only the code.
  await requestEmail(page, admin.email)
  const email = await latestEmailTo(admin.email, /^Sign in to/)
  expect(email.text).not.toContain('/sign-in/link?token=')
  const code = await emailedCodeTo(admin.email, /^Sign in to/)
  await enterCode(page, code)
  await expect(page).toHaveURL(/\/account\/enroll$/)
  await expect(page.getByRole('heading', { name: 'Add a passkey to continue' })).toBeVisible()
  for (const path of ['/account', '/account/passkeys', '/account/profile', '/admin/policies']) {
    await page.goto(path)
    await expect(page, path).toHaveURL(/\/account\/enroll$/)
  }
  const rename = await callAction(
    page.request,
    '/account/profile',
    actionId(ACTIONS.profile, 'updateDisplayNameAction'),
    stateAndForm({ displayName: 'Taken' }),
  )
  expect(rename.headers()['x-action-redirect']).toContain('/account/enroll')
  expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).displayName).toBe('Policy Person')

  await addVirtualAuthenticator(page)
  await page.goto('/account/enroll')
  await page.bringToFront()
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await page.goto('/account/profile')
  await expect(page).toHaveURL(/\/account\/profile$/)
})

test('a tier-3 customer who signed in by code is asked for a passkey to remove one or change the address; an emailed code will not do', async ({ page }) => {
  const group = await groupWith(applyPreset(DEFAULT_POLICY, findPreset('customers-3')!))
  const customer = await userIn(group)
  const passkey = await passkeyRow(customer.id)
  await requestEmail(page, customer.email)
  await enterCode(page, (await signInEmailTo(customer.email)).code)
  await expect(page).toHaveURL(/\/account$/)

  const remove = await callAction(page.request, '/account/passkeys', actionId(ACTIONS.passkeys, 'removePasskeyAction'), stateAndForm({ passkeyId: passkey.id }))
  expect(await remove.text()).toContain('"code":"step_up_required"')
  const change = await callAction(
    page.request,
    '/account/profile',
    actionId(ACTIONS.profile, 'sendEmailChangeCodeAction'),
    stateAndForm({ email: 'new@example.com' }),
  )
  expect(await change.text()).toContain('"code":"step_up_required"')

  await page.goto('/account/confirm?returnTo=%2Faccount%2Fpasskeys')
  await expect(page.getByTestId('step-up-passkey-only')).toBeVisible()
  await expect(page.getByRole('button', { name: /Email a code/ })).toHaveCount(0)
  const send = await callAction(page.request, '/account/confirm', actionId(ACTIONS.confirm, 'sendStepUpCodeAction'), stateAndForm({ returnTo: '/account' }))
  expect(await send.text()).toContain('"code":"step_up_passkey_required"')
  const verify = await callAction(page.request, '/account/confirm', actionId(ACTIONS.confirm, 'verifyStepUpCodeAction'), stateAndForm({ code: '123456' }))
  expect(await verify.text()).toContain('"code":"step_up_passkey_required"')
  expect(await db().passkey.count({ where: { userId: customer.id } })).toBe(1)
})

test('group timeouts: an administrator idle 16 minutes is signed out, a customer is not; a shorter timeout ends longer sessions', async ({
  browser,
  signIn,
}) => {
  const admin = await userIn('administrators', 'admin')
  await passkeyRow(admin.id)
  const customer = await userIn('customers')
  const group = await groupWith({ session: { idleMinutes: 60, absoluteHours: 24 } })
  const member = await userIn(group)
  const pages = []
  for (const who of [admin, customer, member]) {
    const context = await browser.newContext()
    const { sessionId } = await signIn(context, { ...who, displayName: 'Policy Person' })
    await idleFor(sessionId, who === member ? 30 : 16)
    pages.push(await context.newPage())
  }
  const [adminPage, customerPage, memberPage] = pages as [(typeof pages)[0], (typeof pages)[0], (typeof pages)[0]]
  await adminPage.goto('/account')
  await expect(adminPage).toHaveURL(/\/sign-in/)
  await customerPage.goto('/account')
  await expect(customerPage).toHaveURL(/\/account$/)
  await memberPage.goto('/account')
  await expect(memberPage).toHaveURL(/\/account$/)
  await db().group.update({ where: { id: group }, data: { policy: JSON.stringify({ ...DEFAULT_POLICY, session: { idleMinutes: 20, absoluteHours: 24 } }) } })
  await db().session.updateMany({ where: { userId: member.id }, data: { lastSeenAt: new Date(Date.now() - 30 * 60_000) } })
  await memberPage.goto('/account')
  await expect(memberPage).toHaveURL(/\/sign-in/)
  for (const page of pages) await page.context().close()
})

test('a device-bound-only group refuses a synced passkey, and a blocked AAGUID is refused', async ({ page, signIn }) => {
  const group = await groupWith({ authenticators: { synced: false } })
  const person = await userIn(group)
  await signIn(page.context(), { ...person, displayName: 'Policy Person' })
  const synced = await addVirtualAuthenticator(page, { backupEligible: true })
  await page.goto('/account/passkeys')
  await page.bringToFront()
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByText('Your organisation allows only passkeys kept on one device')).toBeVisible()
  expect(await db().passkey.count({ where: { userId: person.id } })).toBe(0)
  await synced.remove()

  // A device-bound one is fine; then its authenticator's AAGUID goes on the block list and another is refused.
  const deviceBound = await addVirtualAuthenticator(page)
  await page.reload()
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
  const { aaguid } = await db().passkey.findFirstOrThrow({ where: { userId: person.id }, select: { aaguid: true } })
  await deviceBound.remove()
  await db().group.update({
    where: { id: group },
    data: { policy: JSON.stringify({ ...DEFAULT_POLICY, authenticators: { synced: false, list: 'block', aaguids: [aaguid] } }) },
  })
  await addVirtualAuthenticator(page)
  await page.reload()
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByText('Your organisation doesn’t allow this kind of passkey provider')).toBeVisible()
  expect(await db().passkey.count({ where: { userId: person.id } })).toBe(1)
})
