import * as oidc from 'openid-client'
import { db } from '../../lib/db'
import { endAppSessions } from '../../lib/oidc/app-sessions'
import { PHISHING_RESISTANT } from '../../lib/oidc/levels'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { addPasskeyOnPage } from '../support/passkeys'
import { APP } from '../support/servers'
import { discover, registerTestApp, startReceiver, type Receiver, type TestApp } from '../support/relying-party'

/**
 * The device authorization grant (RFC 8628), with openid-client as the
 * device: it asks for a code, the person types it at /activate in Chromium,
 * sees the app and the device's network, approves after confirming it is
 * them with a passkey (the virtual authenticator), and the device's polling
 * gets tokens. Refused, expired and reused codes get RFC 8628's errors.
 */

let receiver: Receiver
const apps: TestApp[] = []

test.beforeAll(async () => {
  receiver = await startReceiver()
})

test.afterAll(async () => {
  for (const app of apps) await app.remove()
  await receiver.close()
})

/** A device app, and openid-client as the device; `from`: the network the device asks from. */
async function deviceApp(from?: string): Promise<{ app: TestApp; config: oidc.Configuration }> {
  const app = await registerTestApp(receiver, { clientType: 'public', redirectUris: [], backchannelLogoutUri: null, deviceSignIn: true, name: 'Acme CLI test' })
  apps.push(app)
  const config = await discover(app)
  if (from) {
    config[oidc.customFetch] = (url, options) => {
      const headers = new Headers(options.headers as HeadersInit)
      headers.set('x-forwarded-for', from)
      return fetch(url, { ...(options as RequestInit), headers })
    }
  }
  return { app, config }
}

/** The device's polling, until the grant gives tokens or an error: openid-client waits as the provider says. */
const poll = (config: oidc.Configuration, handle: oidc.DeviceAuthorizationResponse) => oidc.pollDeviceAuthorizationGrant(config, handle)

async function oauthError(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(oidc.ResponseBodyError)
  return (error as oidc.ResponseBodyError).error
}

test('a device signs in with the code typed at /activate, approved with a fresh passkey proof; the code works once', async ({
  context,
  page,
  user,
  signIn,
  extraHTTPHeaders,
}) => {
  test.setTimeout(120_000)
  // The device sits beside the browser: the same address.
  const { app, config } = await deviceApp(extraHTTPHeaders!['x-forwarded-for'])
  await addVirtualAuthenticator(page)
  await signIn(context)
  await addPasskeyOnPage(page)

  const handle = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile groups offline_access' })
  expect(handle.verification_uri).toBe(`${APP.url}/activate`)
  expect(handle.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)
  const tokens = poll(config, handle)

  // The link with the code fills it in; nothing is sent until the person presses.
  await page.goto(handle.verification_uri_complete!)
  await expect(page.getByRole('heading', { name: 'Sign in on a device' })).toBeVisible()
  await expect(page.getByLabel('Code from the device')).toHaveValue(handle.user_code)
  await page.getByLabel('Code from the device').fill('BBBB-BBBB')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toContainText('That code is not right')
  await page.getByLabel('Code from the device').fill(handle.user_code.replace('-', '').toLowerCase())
  await page.getByRole('button', { name: 'Continue' }).click()

  // Which app, which code, and where the device asked from: the same network as this browser, in the tests.
  await expect(page.getByRole('heading', { name: 'Sign in to Acme CLI test on a device?' })).toBeVisible()
  await expect(page.getByText(handle.user_code)).toBeVisible()
  await expect(page.getByText('a program the portal does not recognise')).toBeVisible()
  await expect(page.getByText(/the same network as this browser/)).toBeVisible()
  // Asked with offline_access: the page says the device stays signed in, and where to remove it.
  await expect(page.getByText('The device asks to stay signed in', { exact: false })).toBeVisible()
  await page.getByRole('button', { name: 'Approve and sign in' }).click()

  // The person signed in before the code was typed: they confirm it is them now (RFC 8628 §5.4).
  await expect(page).toHaveURL(/\/account\/confirm\?/)
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  await expect(page.getByRole('heading', { name: 'Acme CLI test is signed in on your device' })).toBeVisible()

  const granted = await tokens
  expect(granted.claims()).toMatchObject({ sub: user.id, aud: app.clientId, acr: PHISHING_RESISTANT })
  expect(granted.refresh_token).toBeTruthy()
  const info = await oidc.fetchUserInfo(config, granted.access_token, user.id)
  expect(info.groups).toEqual([expect.any(String)])

  // The device code was exchanged once; asking with it again is refused (RFC 8628 §3.5, RFC 6749 §5.2).
  expect(await oauthError(poll(config, handle))).toBe('invalid_grant')
  // Nor can the code be typed again: the provider consumed it with the exchange.
  await page.goto('/activate')
  await page.getByLabel('Code from the device').fill(handle.user_code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toContainText(/That code (was already used|is not right)/)
  await expect(page.getByRole('button', { name: 'Approve and sign in' })).toHaveCount(0)

  const approvals = await db().auditEvent.findMany({ where: { userId: user.id, type: 'app_sign_in' }, select: { result: true, detail: true } })
  expect(approvals).toEqual([{ result: 'success', detail: expect.stringContaining('"device":true') }])

  // The device's grant hangs off this browser's session, but "sign out everywhere else" (which keeps this browser)
  // ends it too: a device someone was tricked into approving is reached by the step people take next.
  const { appSessionId } = await db().session.findFirstOrThrow({ where: { userId: user.id, appSessionId: { not: null } }, select: { appSessionId: true } })
  expect(appSessionId).toBeTruthy()
  await endAppSessions(user.id, { keepSession: appSessionId! })
  expect(await oauthError(oidc.refreshTokenGrant(config, granted.refresh_token!))).toBe('invalid_grant')
})

test('a refused device gets access_denied and an expired code expired_token, each told on the page', async ({ context, page, user, signIn }) => {
  test.setTimeout(120_000)
  const { app, config } = await deviceApp()
  await signIn(context)

  const refused = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' })
  const refusedTokens = oauthError(poll(config, refused))
  await page.goto('/activate')
  await page.getByLabel('Code from the device').fill(refused.user_code)
  await page.getByRole('button', { name: 'Continue' }).click()
  // openid-client asks from no forwarded address: another network than the browser's.
  await expect(page.getByText(/not the network this browser is on/)).toBeVisible()
  await page.getByRole('button', { name: 'Refuse' }).click()
  await expect(page.getByRole('alert')).toContainText('The device was not signed in')
  expect(await refusedTokens).toBe('access_denied')
  const refusal = await db().auditEvent.findFirst({ where: { userId: user.id, type: 'app_sign_in' }, select: { result: true, reason: true } })
  expect(refusal).toEqual({ result: 'failure', reason: 'app_device_refused' })

  // A code past its 10 minutes: the test moves its expiry back in the database.
  const expired = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' })
  const row = await db().oidcPayload.findFirstOrThrow({
    where: { model: 'DeviceCode', clientId: app.clientId, userCode: { not: null } },
    orderBy: { expiresAt: 'desc' },
    select: { id: true, payload: true },
  })
  const past = Math.floor(Date.now() / 1000) - 1
  await db().oidcPayload.update({
    where: { model_id: { model: 'DeviceCode', id: row.id } },
    data: { expiresAt: new Date(past * 1000), payload: JSON.stringify({ ...JSON.parse(row.payload), exp: past }) },
  })
  await page.goto('/activate')
  await page.getByLabel('Code from the device').fill(expired.user_code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toContainText('That code has expired')
  expect(await oauthError(poll(config, expired))).toBe('expired_token')
})
