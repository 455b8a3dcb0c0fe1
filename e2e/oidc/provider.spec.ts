import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oidc from 'openid-client'
import { db } from '../../lib/db'
import { EMAIL_BASED, PHISHING_RESISTANT } from '../../lib/oidc/levels'
import { expect, test } from '../fixtures'
import { enterCode } from '../support/email-sign-in'
import { emailsTo, signInEmailTo } from '../support/mailbox'
import { passkeyHolderSignedOut, signOut } from '../support/passkeys'
import { APP, E2E_SCIM_CLIENT } from '../support/servers'
import { removeUsers } from '../support/users'
import { groupWith, userIn } from '../policies/support'
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
 * The portal as an OpenID Connect provider, seen from an app: every
 * protocol step is taken by openid-client, and the person's part happens in
 * Chromium on the portal's own pages.
 */

let receiver: Receiver
/** An authorization that also returns a refresh token: offline_access is granted only with prompt=consent (Core 1.0 §11). */
const WITH_REFRESH_TOKEN = { scope: 'openid offline_access', prompt: 'consent' }
const apps: TestApp[] = []

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

test('discovery and JWKS describe a code-only provider with PKCE, and publish public ES256 and RS256 keys', async ({ request }) => {
  const app = await newApp()
  const config = await discover(app)
  const metadata = config.serverMetadata()
  expect(metadata.issuer).toBe(APP.url)
  expect(metadata.authorization_endpoint).toBe(`${APP.url}/oidc/auth`)
  expect(metadata.response_types_supported).toEqual(['code'])
  expect(metadata.grant_types_supported).not.toContain('implicit')
  expect(metadata.grant_types_supported).not.toContain('password')
  expect(metadata.code_challenge_methods_supported).toEqual(['S256'])
  expect(metadata.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256']))
  expect(metadata.id_token_signing_alg_values_supported).not.toContain('HS256')
  expect(metadata.acr_values_supported).toEqual(expect.arrayContaining([PHISHING_RESISTANT, EMAIL_BASED]))
  expect(metadata.backchannel_logout_supported).toBe(true)
  expect(metadata.end_session_endpoint).toBe(`${APP.url}/oidc/session/end`)
  expect(metadata.revocation_endpoint).toBe(`${APP.url}/oidc/token/revocation`)

  const jwks = (await (await request.get(metadata.jwks_uri!)).json()) as { keys: Record<string, string>[] }
  expect(jwks.keys.map((key) => key.alg).sort()).toEqual(expect.arrayContaining(['ES256', 'RS256']))
  for (const key of jwks.keys) {
    expect(key.kid).toBeTruthy()
    // Only public members: no private exponent or coordinate.
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret)
  }
  // A client secret is shown once and stored only as a hash.
  const row = await db().oidcApp.findUniqueOrThrow({ where: { id: app.clientId } })
  expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/)
  expect(row.secretHash).not.toContain(app.secret!)
})

test('code + PKCE after an email code: verified ID token, userinfo, rotating refresh, replay and revocation', async ({ page, user }) => {
  const app = await newApp()
  const config = await discover(app)
  const authorization = await authorizationRequest(config, app, { scope: 'openid email profile groups offline_access', prompt: 'consent' })

  // Not signed in: the portal's sign-in page, then back to the app.
  await page.goto(authorization.url.href)
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Foidc%2Finteraction%2F/)
  await page.getByLabel('Email address').fill(user.email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await enterCode(page, (await signInEmailTo(user.email)).code)
  const callback = await arrivalAtApp(page, app)

  const tokens = await exchange(config, callback, authorization)
  const claims = tokens.claims()!
  expect(claims).toMatchObject({ iss: APP.url, aud: app.clientId, sub: user.id, acr: EMAIL_BASED, amr: ['otp'] })
  expect(claims.sub).not.toContain('@')
  expect(typeof claims.auth_time).toBe('number')

  const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id)
  expect(info).toMatchObject({ sub: user.id, email: user.email, email_verified: true, name: 'Test Person', groups: ['Customers'] })

  // Refresh rotates: a new refresh token each time; replaying the old one ends the whole family (RFC 9700 §4.14.2).
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
  expect(refreshed.refresh_token).toBeTruthy()
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })

  // Signed in already: a second authorization needs no page of ours, and revoking its refresh token ends it.
  const second = (await signInToApp(page, config, app, WITH_REFRESH_TOKEN)).tokens
  await oidc.tokenRevocation(config, second.refresh_token!)
  await expect(oidc.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(oidc.fetchUserInfo(config, second.access_token, user.id)).rejects.toThrow()

  // prompt=login: signed in a minute ago, the person proves it's them again (an emailed code here) before the app hears back.
  // (A proof made in the same second as the request would count: times are compared in whole seconds, as iat and auth_time are.)
  await db().session.updateMany({ where: { userId: user.id }, data: { verifiedAt: new Date(Date.now() - 60_000) } })
  const askedAt = Math.floor(Date.now() / 1000)
  const login = await authorizationRequest(config, app, { prompt: 'login' })
  await page.goto(login.url.href)
  await expect(page).toHaveURL(/\/account\/confirm\?/)
  // The step-up code's email, not another notice that may arrive meanwhile.
  const codeEmails = async () => (await emailsTo(user.email)).filter((email) => email.subject.startsWith('Confirm it’s you'))
  const sent = (await codeEmails()).length
  await page.getByRole('button', { name: `Email a code to ${user.email}` }).click()
  await expect.poll(async () => (await codeEmails()).length).toBeGreaterThan(sent)
  await page.getByLabel('6-digit code').fill((await codeEmails()).at(-1)!.text.match(/\b(\d{6})\b/)![1]!)
  await page.getByRole('button', { name: 'Confirm', exact: true }).click()
  const relogged = await exchange(config, await arrivalAtApp(page, app), login)
  expect(relogged.claims()!.auth_time).toBeGreaterThanOrEqual(askedAt - 1)

  // The person's activity names the app.
  await page.goto('/account/activity')
  await expect(page.getByText('Signed in to an app').first()).toBeVisible()
  await expect(page.getByText(/Test app/).first()).toBeVisible()
})

test('a passkey step-up reaches the phishing-resistant level an app asks for, and a passkey sign-in gives it too', async ({ context, page, user, signIn }) => {
  test.setTimeout(120_000)
  const app = await newApp({ signingAlg: 'RS256' })
  const config = await discover(app)
  // Until the last part, the sign-in page's autofill must not answer with the passkey by itself: the person types their address.
  const autofill = await passkeyHolderSignedOut(page, () => signIn(context))

  // Signed in with an emailed code: the app's acr_values lead to a passkey step-up, not to a token at the email level.
  const stepUp = await authorizationRequest(config, app, { acr_values: PHISHING_RESISTANT })
  await page.goto(stepUp.url.href)
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/)
  await page.getByLabel('Email address').fill(user.email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await enterCode(page, (await signInEmailTo(user.email)).code)
  await expect(page).toHaveURL(/\/account\/confirm\?/)
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible()
  await expect(page.getByLabel('6-digit code')).toHaveCount(0)
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  const stepped = await exchange(config, await arrivalAtApp(page, app), stepUp)
  expect(stepped.claims()).toMatchObject({ sub: user.id, acr: PHISHING_RESISTANT, amr: ['hwk', 'user'] })

  // Signed out, then signed in with the passkey itself (the sign-in page's autofill answers at once).
  await signOut(page)
  // Leave the sign-in page first, so only the next one's autofill answers (with the app's return path).
  await page.goto('about:blank')
  autofill.on = true
  const plain = await authorizationRequest(config, app)
  // The autofill signs in as the page loads, and the browser moves on before the page's load event.
  await page.goto(plain.url.href, { waitUntil: 'commit' })
  const direct = await exchange(config, await arrivalAtApp(page, app), plain)
  expect(direct.claims()).toMatchObject({ sub: user.id, acr: PHISHING_RESISTANT, amr: ['hwk', 'user'] })
})

test('without a passkey where the group cannot use one, the app gets unmet_authentication_requirements, not a weaker token', async ({
  context,
  page,
  signIn,
}) => {
  const person = await userIn(await groupWith({ methods: ['email_code', 'email_link'], passkey: 'optional' }))
  await signIn(context, { ...person, displayName: person.displayName ?? '' })
  for (const app of [await newApp(), await newApp({ minimumLevel: 'phishing-resistant' })]) {
    const config = await discover(app)
    const authorization = await authorizationRequest(config, app, app === apps.at(-1) ? {} : { acr_values: PHISHING_RESISTANT })
    await page.goto(authorization.url.href)
    const callback = await arrivalAtApp(page, app)
    expect(callback.searchParams.get('error')).toBe('unmet_authentication_requirements')
    expect(callback.searchParams.get('code')).toBeNull()
    await expect(exchange(config, callback, authorization)).rejects.toMatchObject({ error: 'unmet_authentication_requirements' })
  }
  await removeUsers(person.id)
})

test('wrong redirect URI, unknown client, replayed or expired code, wrong verifier, a group not allowed: each refused, none a 500', async ({
  context,
  page,
  request,
  user,
  signIn,
}) => {
  const app = await newApp()
  const config = await discover(app)
  await signIn(context)

  // Errors the app must not be sent to: shown on the portal's page, never redirected (RFC 6749 §4.1.2.1).
  const wrongRedirect = await authorizationRequest(config, { ...app, redirectUri: `${receiver.url}/elsewhere` })
  const refused = await request.get(wrongRedirect.url.href, { maxRedirects: 0 })
  expect(refused.status()).toBe(400)
  expect(await refused.text()).toContain('This sign-in request could not be completed')
  const unknown = new URL(wrongRedirect.url)
  unknown.searchParams.set('client_id', 'app_unknown')
  unknown.searchParams.set('redirect_uri', app.redirectUri)
  expect((await request.get(unknown.href, { maxRedirects: 0 })).status()).toBe(400)

  // A code works once; the second use is refused and revokes what the first gave (RFC 6749 §4.1.2).
  const first = await authorizationRequest(config, app)
  await page.goto(first.url.href)
  const callback = await arrivalAtApp(page, app)
  const tokens = await exchange(config, callback, first)
  await expect(exchange(config, callback, first)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(oidc.fetchUserInfo(config, tokens.access_token, user.id)).rejects.toThrow()

  // The wrong PKCE verifier.
  const second = await authorizationRequest(config, app)
  await page.goto(second.url.href)
  await expect(exchange(config, await arrivalAtApp(page, app), { ...second, verifier: oidc.randomPKCECodeVerifier() })).rejects.toMatchObject({
    error: 'invalid_grant',
  })

  // An expired code (its row's lifetime moved into the past, as 60 seconds later).
  const third = await authorizationRequest(config, app)
  await page.goto(third.url.href)
  const late = await arrivalAtApp(page, app)
  await db().oidcPayload.updateMany({
    where: { model: 'AuthorizationCode', clientId: app.clientId, consumedAt: null },
    data: { expiresAt: new Date(Date.now() - 1000) },
  })
  await expect(exchange(config, late, third)).rejects.toMatchObject({ error: 'invalid_grant' })

  // An app open to another group only: access_denied at the app's redirect URI.
  const staffOnly = await newApp({ allowedGroups: ['employees'] })
  const staffConfig = await discover(staffOnly)
  const denied = await authorizationRequest(staffConfig, staffOnly)
  await page.goto(denied.url.href)
  const deniedAt = await arrivalAtApp(page, staffOnly)
  expect(deniedAt.searchParams.get('error')).toBe('access_denied')
  expect(deniedAt.searchParams.get('code')).toBeNull()

  // Bad parameters are 400s, not 500s: no PKCE, an implicit response type, garbage.
  for (const params of [{ code_challenge: null }, { response_type: 'id_token token' }, { scope: '\u0000'.repeat(5) }, { prompt: 'x'.repeat(5000) }]) {
    const url = new URL(first.url)
    for (const [name, value] of Object.entries(params)) {
      if (value === null) url.searchParams.delete(name)
      else url.searchParams.set(name, value)
    }
    const response = await request.get(url.href, { maxRedirects: 0 })
    expect(response.status(), JSON.stringify(params)).toBeLessThan(500)
  }
  // No password grant (RFC 6749 §5.2).
  const token = await request.post(`${APP.url}/oidc/token`, { form: { grant_type: 'password', username: 'a', password: 'b' } })
  expect(token.status()).toBe(400)
  const refusal = (await token.json()) as { error: string; access_token?: string }
  expect(['unsupported_grant_type', 'invalid_request']).toContain(refusal.error)
  expect(refusal.access_token).toBeUndefined()
})

async function logoutTokenFor(receiverTokens: string[], app: TestApp, from: number) {
  await expect.poll(() => receiverTokens.length, { message: 'a logout token at the back-channel URI' }).toBeGreaterThan(from)
  const jwks = createRemoteJWKSet(new URL(`${APP.url}/oidc/jwks`))
  const { payload } = await jwtVerify(receiverTokens.at(-1)!, jwks, { issuer: APP.url, audience: app.clientId })
  return payload
}

test('“Sign out all other sessions”, an admin’s “Sign out everywhere” and a suspension send logout tokens and revoke refresh tokens', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  const app = await newApp()
  const config = await discover(app)
  await signIn(context)
  const { authorization, tokens } = await signInToApp(page, config, app, WITH_REFRESH_TOKEN)
  const sid = tokens.claims()!.sid

  // Another browser of the same person signs out every other session, the app's included.
  const other = await browser.newContext()
  await signIn(other)
  const otherPage = await other.newPage()
  await otherPage.goto('/account/sessions')
  await expect(otherPage.getByTestId('app-access')).toContainText('Test app')
  const before = receiver.logoutTokens.length
  await otherPage.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(otherPage.getByText('1 other session was signed out.')).toBeVisible()
  const logout = await logoutTokenFor(receiver.logoutTokens, app, before)
  expect(logout).toMatchObject({ sub: user.id, sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })
  expect(logout).not.toHaveProperty('nonce')
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  // The app's next request needs the portal again: this browser's session is gone.
  await page.goto(authorization.url.href)
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/)

  // An administrator's "Sign out everywhere" (a lost laptop reported by phone) ends the other browser's app session.
  const third = (await signInToApp(otherPage, config, app, WITH_REFRESH_TOKEN)).tokens
  const admin = await userIn('customers', 'admin')
  const adminContext = await browser.newContext()
  await signIn(adminContext, { ...admin, displayName: 'Policy Person' })
  const adminPage = await adminContext.newPage()
  await adminPage.goto(`/admin/people/${user.id}`)
  const everywhereAt = receiver.logoutTokens.length
  await adminPage.getByRole('button', { name: 'Sign out everywhere' }).click()
  expect(await logoutTokenFor(receiver.logoutTokens, app, everywhereAt)).toMatchObject({ sub: user.id, sid: third.claims()!.sid })
  await expect(oidc.refreshTokenGrant(config, third.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await adminContext.close()
  await removeUsers(admin.id)
  await signIn(other)

  // Suspension (here by the HR system over SCIM) does the same for the other browser's app session.
  const second = (await signInToApp(otherPage, config, app, WITH_REFRESH_TOKEN)).tokens
  const suspendedAt = receiver.logoutTokens.length
  const patched = await otherPage.request.patch(`${APP.url}/scim/v2/Users/${user.id}`, {
    headers: { authorization: `Bearer ${E2E_SCIM_CLIENT.token}`, 'content-type': 'application/scim+json' },
    data: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }),
  })
  expect(patched.status()).toBe(200)
  expect(await logoutTokenFor(receiver.logoutTokens, app, suspendedAt)).toMatchObject({ sub: user.id, sid: second.claims()!.sid })
  await expect(oidc.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await other.close()
})

test('a third-party app asks for consent; declining sends access_denied, allowing signs in; the person can remove its access', async ({
  context,
  page,
  user,
  signIn,
}) => {
  const app = await newApp({ firstParty: false, name: 'Expense Tracker <b>Pro</b>' })
  const config = await discover(app)
  await signIn(context)
  const declined = await authorizationRequest(config, app)
  await page.goto(declined.url.href)
  await expect(page.getByRole('heading', { name: 'Sign in to Expense Tracker <b>Pro</b>?' })).toBeVisible()
  await expect(page.getByText('Your email address, and whether it is confirmed')).toBeVisible()
  await page.getByRole('button', { name: 'Don’t allow' }).click()
  expect((await arrivalAtApp(page, app)).searchParams.get('error')).toBe('access_denied')

  const allowed = await authorizationRequest(config, app)
  await page.goto(allowed.url.href)
  await page.getByRole('button', { name: 'Allow', exact: true }).click()
  const tokens = await exchange(config, await arrivalAtApp(page, app), allowed)
  expect(tokens.claims()!.sub).toBe(user.id)

  await page.goto('/account/sessions')
  const row = page.getByTestId('app-access').filter({ hasText: 'Expense Tracker <b>Pro</b>' })
  await expect(row).toBeVisible()
  await page.getByRole('button', { name: 'Remove the access of Expense Tracker <b>Pro</b>' }).click()
  await expect(row).toHaveCount(0)
  await expect(oidc.fetchUserInfo(config, tokens.access_token, user.id)).rejects.toThrow()
})

test('signing out of the portal in one browser signs that browser out of its apps', async ({ context, page, user, signIn }) => {
  const app = await newApp()
  const config = await discover(app)
  await signIn(context)
  const tokens = (await signInToApp(page, config, app, WITH_REFRESH_TOKEN)).tokens
  // Signed in, an app may ask silently (prompt=none) and gets a code without any page of ours.
  const silent = await signInToApp(page, config, app, { prompt: 'none', scope: 'openid' })
  expect(silent.tokens.claims()!.sub).toBe(user.id)
  const before = receiver.logoutTokens.length
  await signOut(page)
  expect(await logoutTokenFor(receiver.logoutTokens, app, before)).toMatchObject({ sub: user.id, sid: tokens.claims()!.sid })
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  // Signed out of the portal, the provider's session is no use: a silent request gets login_required (Core 1.0 §3.1.2.6).
  const after = await authorizationRequest(config, app, { prompt: 'none' })
  await page.goto(after.url.href)
  expect((await arrivalAtApp(page, app)).searchParams.get('error')).toBe('login_required')
})

test('an app’s sign-out asks: “Stay signed in” ends only that app, “Sign out” ends the portal session and every app', async ({
  context,
  page,
  user,
  signIn,
}) => {
  const first = await newApp()
  const second = await newApp()
  const [firstConfig, secondConfig] = await Promise.all([discover(first), discover(second)])
  await signIn(context)
  const firstTokens = (await signInToApp(page, firstConfig, first, WITH_REFRESH_TOKEN)).tokens
  const secondTokens = (await signInToApp(page, secondConfig, second, WITH_REFRESH_TOKEN)).tokens
  const portalSignedIn = async () => (await page.request.get(`${APP.url}/account`, { maxRedirects: 0 })).status() === 200

  // RP-Initiated Logout 1.0 §2 from the first app; the person keeps the portal.
  const before = receiver.logoutTokens.length
  await page.goto(oidc.buildEndSessionUrl(firstConfig, { id_token_hint: firstTokens.id_token!, post_logout_redirect_uri: `${receiver.url}/signed-out` }).href)
  await expect(page.getByRole('heading', { name: 'Sign out of Passkey Portal?' })).toBeVisible()
  await page.getByRole('button', { name: 'Stay signed in to Passkey Portal' }).click()
  await expect(page).toHaveURL(`${receiver.url}/signed-out`)
  expect(await logoutTokenFor(receiver.logoutTokens, first, before)).toMatchObject({ sub: user.id, sid: firstTokens.claims()!.sid })
  await expect(oidc.refreshTokenGrant(firstConfig, firstTokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  expect(await portalSignedIn()).toBe(true)
  const secondRefreshed = await oidc.refreshTokenGrant(secondConfig, secondTokens.refresh_token!)

  // From the second app, "Sign out": the portal session ends with it.
  await page.goto(oidc.buildEndSessionUrl(secondConfig, { id_token_hint: secondTokens.id_token!, post_logout_redirect_uri: `${receiver.url}/signed-out` }).href)
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page).toHaveURL(`${receiver.url}/signed-out`)
  await expect.poll(portalSignedIn, { message: 'the portal session ended' }).toBe(false)
  await expect(oidc.refreshTokenGrant(secondConfig, secondRefreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
})

test('an app’s “Sign out” posted to another spelling of the confirmation still ends the portal session and the app', async ({ context, page, signIn }) => {
  const app = await newApp()
  const config = await discover(app)
  await signIn(context)
  const tokens = (await signInToApp(page, config, app, WITH_REFRESH_TOKEN)).tokens
  const portalSignedIn = async () => (await page.request.get(`${APP.url}/account`, { maxRedirects: 0 })).status() === 200

  await page.goto(oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${receiver.url}/signed-out` }).href)
  // The provider's router takes /oidc/session/end/CONFIRM/ for the confirmation: it must end what the usual spelling ends.
  await page.locator('form#op\\.logoutForm').evaluate((form: HTMLFormElement) => {
    form.action = form.action.replace(/\/confirm$/, '/CONFIRM/')
  })
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page).toHaveURL(`${receiver.url}/signed-out`)
  await expect.poll(portalSignedIn, { message: 'the portal session ended' }).toBe(false)
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
})

test('signing one browser out from another ends that browser’s apps: logout token, refresh refused, no silent sign-in', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  const app = await newApp()
  const config = await discover(app)
  await signIn(context)
  const tokens = (await signInToApp(page, config, app, WITH_REFRESH_TOKEN)).tokens
  // Another browser of the person signs this one out from the Sessions page (one row, not "all others").
  const other = await browser.newContext()
  await signIn(other)
  const otherPage = await other.newPage()
  await otherPage.goto('/account/sessions')
  const before = receiver.logoutTokens.length
  await otherPage.getByRole('button', { name: /^Sign out (?!all)/ }).click()
  await expect(otherPage.getByText('Signed out. That browser will be asked to sign in on its next page.')).toBeVisible()
  expect(await logoutTokenFor(receiver.logoutTokens, app, before)).toMatchObject({ sub: user.id, sid: tokens.claims()!.sid })
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  // The provider's session for this browser follows the portal's: no code without signing in again.
  const silent = await authorizationRequest(config, app, { prompt: 'none' })
  await page.goto(silent.url.href)
  const answer = await arrivalAtApp(page, app)
  expect(answer.searchParams.get('error')).toBe('login_required')
  expect(answer.searchParams.get('code')).toBeNull()
  await other.close()
})
