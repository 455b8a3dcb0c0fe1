import * as oidc from 'openid-client'
import { db } from '../../lib/db'
import { EMAIL_BASED, PHISHING_RESISTANT } from '../../lib/oidc/levels'
import { expect, test } from '../fixtures'
import { enterCode } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { passkeyHolderSignedOut } from '../support/passkeys'
import { APP, E2E_SCIM_CLIENT } from '../support/servers'
import { removeUsers } from '../support/users'
import { userIn } from '../policies/support'
import {
  arrivalAtApp,
  authorizationRequest,
  discover,
  exchange,
  registerTestApp,
  signInToApp,
  startReceiver,
  type Receiver,
  type TestApp,
} from '../support/relying-party'

/**
 * What apps are told holds only as long as the portal session behind it: the
 * level, methods and auth_time come from the session the browser holds now,
 * and refresh tokens stop when the person leaves the app's groups.
 */

let receiver: Receiver
const apps: TestApp[] = []
const WITH_REFRESH_TOKEN = { scope: 'openid offline_access groups', prompt: 'consent' }

test.beforeAll(async () => {
  receiver = await startReceiver()
})

test.afterAll(async () => {
  for (const app of apps) await app.remove()
  await receiver.close()
})

async function newApp(input: Parameters<typeof registerTestApp>[1] = {}): Promise<TestApp> {
  const app = await registerTestApp(receiver, input)
  apps.push(app)
  return app
}

test('after a passkey session times out, an emailed-code sign-in gets the email level and its own auth_time, not the old session’s', async ({
  context,
  page,
  user,
  signIn,
}) => {
  test.setTimeout(120_000)
  const app = await newApp()
  const config = await discover(app)
  const autofill = await passkeyHolderSignedOut(page, () => signIn(context))

  // A passkey sign-in (the sign-in page's autofill), then the app: phishing-resistant.
  await page.goto('about:blank')
  autofill.on = true
  const first = await authorizationRequest(config, app)
  await page.goto(first.url.href, { waitUntil: 'commit' })
  const strong = await exchange(config, await arrivalAtApp(page, app), first)
  expect(strong.claims()).toMatchObject({ acr: PHISHING_RESISTANT, amr: ['hwk', 'user'] })
  const passkeyAuthTime = strong.claims()!.auth_time!

  // The portal session times out (as after its idle limit); the provider's own session is still in the browser.
  await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await page.goto('about:blank')
  autofill.on = false
  await new Promise((resolve) => setTimeout(resolve, 1100))
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(user.email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account/)

  // An app asking for phishing resistance (no max_age) gets a passkey step-up, not the old session's level.
  const demanding = await authorizationRequest(config, app, { acr_values: PHISHING_RESISTANT })
  await page.goto(demanding.url.href)
  await expect(page).toHaveURL(/\/account\/confirm\?/)
  await expect(page.getByRole('button', { name: 'Confirm with a passkey' })).toBeVisible()

  // An app asking for nothing in particular hears how this session was proven, and when.
  const plain = await signInToApp(page, config, app)
  const claims = plain.tokens.claims()!
  expect(claims).toMatchObject({ acr: EMAIL_BASED, amr: ['otp'] })
  expect(claims.auth_time).toBeGreaterThan(passkeyAuthTime)
})

test('leaving an app’s group ends its refresh token: a move over SCIM, and the app’s groups narrowed', async ({ browser, request, signIn }) => {
  const staffApp = await newApp({ allowedGroups: ['employees'] })
  const config = await discover(staffApp)
  const people = [await userIn('employees'), await userIn('employees')]
  const tokens = []
  for (const person of people) {
    const context = await browser.newContext()
    await signIn(context, { ...person, displayName: 'Policy Person' })
    const page = await context.newPage()
    tokens.push((await signInToApp(page, config, staffApp, WITH_REFRESH_TOKEN)).tokens)
    await context.close()
  }
  expect(tokens[0]!.refresh_token).toBeTruthy()
  const refreshed = await oidc.refreshTokenGrant(config, tokens[0]!.refresh_token!)

  // The HR system moves the first person to Contractors: the next refresh is refused, and so is userinfo.
  const moved = await request.patch(`${APP.url}/scim/v2/Groups/contractors`, {
    headers: { authorization: `Bearer ${E2E_SCIM_CLIENT.token}`, 'content-type': 'application/scim+json', 'x-forwarded-for': '198.51.100.201' },
    data: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: people[0]!.id }] }],
    }),
  })
  expect(moved.status()).toBe(204)
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(oidc.fetchUserInfo(config, refreshed.access_token, people[0]!.id)).rejects.toThrow()
  expect(await db().oidcPayload.count({ where: { accountId: people[0]!.id, clientId: staffApp.clientId } })).toBe(0)
  // Even moved back, the old refresh token stays dead: the grant is gone, not merely refused.
  await db().user.update({ where: { id: people[0]!.id }, data: { groupId: 'employees' } })
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })

  // The second person stays in Employees; then an admin narrows the app to Customers, and their refresh token stops too.
  const second = await oidc.refreshTokenGrant(config, tokens[1]!.refresh_token!)
  const admin = await userIn('customers', 'admin')
  const adminContext = await browser.newContext()
  await signIn(adminContext, { ...admin, displayName: 'Policy Person' })
  const adminPage = await adminContext.newPage()
  const { name } = await db().oidcApp.findUniqueOrThrow({ where: { id: staffApp.clientId }, select: { name: true } })
  await adminPage.goto('/admin/apps')
  await adminPage.getByText(`Change who may use ${name}`).click()
  const form = adminPage.locator('details', { hasText: `Change who may use ${name}` })
  await form.getByLabel('Employees').uncheck()
  await form.getByLabel('Customers').check()
  await form.getByRole('button', { name: 'Save who may use it' }).click()
  await expect(form.getByText(`Saved who may use ${name}; 1 person outside them lost access.`)).toBeVisible()
  await expect(oidc.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  expect(await db().auditEvent.count({ where: { type: 'app_groups_changed', detail: { contains: staffApp.clientId } } })).toBe(1)
  await adminContext.close()
  await removeUsers(admin.id)
  await removeUsers(...people.map((person) => person.id))
})
