import { createHash, randomBytes } from 'node:crypto'
import { expect, test, type Browser, type Page } from '@playwright/test'
import * as oidc from 'openid-client'
import pg from 'pg'
import { disconnectOthers, onPostgresServer, postgresUrlFor, uniqueDatabaseName } from '../../testing/databases'
import { signInEmailTo } from '../support/mailbox'
import { migrate, startOwnServer, type OwnServer } from '../support/production-server'
import { RESEND_URL } from '../support/servers'

/**
 * Two production instances of the portal on one PostgreSQL database, as
 * behind a load balancer: sessions, emailed codes and rate limits live in the
 * database, so either instance can finish what the other started: an
 * emailed code, a session, a rate limit, an app's authorization.
 */
const A = 'http://localhost:3210'
const B = 'http://localhost:3211'
const servers: OwnServer[] = []
let database = ''

test.skip(!process.env.TEST_DATABASE_URL, 'needs TEST_DATABASE_URL (a PostgreSQL server), as CI sets')
test.describe.configure({ mode: 'serial', timeout: 120_000 })

test.beforeAll(async () => {
  test.setTimeout(240_000)
  database = uniqueDatabaseName('portal_two_instances')
  await onPostgresServer([`CREATE DATABASE ${database}`])
  const databaseUrl = postgresUrlFor(database)
  migrate(databaseUrl)
  // Both behind one public origin, as behind a load balancer.
  servers.push(...(await Promise.all([A, B].map((url) => startOwnServer(Number(new URL(url).port), databaseUrl, { APP_URL: A, DATABASE_POOL_SIZE: '4' })))))
})

test.afterAll(async () => {
  for (const server of servers) server.process.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 500))
  if (database) await onPostgresServer([disconnectOthers(database), `DROP DATABASE IF EXISTS ${database}`])
})

const address = () => `two-${randomBytes(5).toString('hex')}@example.com`
const clientIp = () => `198.51.100.${(randomBytes(1)[0]! % 200) + 20}`

/** Asks for the email on one instance and enters the code on the other. */
async function signInAcross(browser: Browser, email: string, requestOn: string, verifyOn: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientIp() } })
  const page = await context.newPage()
  const before = (await fetch(`${RESEND_URL}/__captured?to=${encodeURIComponent(email)}`).then((response) => response.json())) as unknown[]
  await page.goto(`${requestOn}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const { code } = await signInEmailTo(email, before.length)
  await page.goto(`${verifyOn}/sign-in/check-email`)
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL(`${verifyOn}/account`)
  return page
}

test('a code asked for on A signs in on B; the session works on both; signed out on B, it is refused on A', async ({ browser }) => {
  const email = address()
  const first = await signInAcross(browser, email, A, B)
  await first.goto(`${A}/account`)
  await expect(first.getByTestId('signed-in-user')).toContainText(email)

  // A second browser signs in the other way round and, on B, signs the first one out.
  const second = await signInAcross(browser, email, B, A)
  await second.goto(`${B}/account/sessions`)
  await second.getByRole('button', { name: /^Sign out (?!all)/ }).click()
  await expect(second.getByText('Signed out. That browser will be asked to sign in on its next page.')).toBeVisible()

  await first.goto(`${A}/account`)
  await expect(first).toHaveURL(new RegExp(`^${A}/sign-in`))
  await first.context().close()
  await second.context().close()
})

test('the per-address send limit holds once across both instances', async ({ browser }) => {
  const email = address()
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientIp() } })
  const page = await context.newPage()
  for (let send = 1; send <= 6; send++) {
    const base = send % 2 === 0 ? B : A
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(email)
    await page.getByRole('button', { name: 'Continue' }).click()
    if (send <= 5) await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  }
  await expect(page.getByText(/Too many emails were requested/)).toBeVisible()
  await expect(page).toHaveURL(`${B}/sign-in`)
  await context.close()
})

test('an app’s authorization started on A completes on B: interaction, code exchange and userinfo', async ({ browser }) => {
  // The app, registered in the shared database as /admin/apps would (the secret's SHA-256 only).
  const secret = `pps_${randomBytes(32).toString('base64url')}`
  const clientId = `app_two_${randomBytes(6).toString('hex')}`
  const redirectUri = 'http://127.0.0.1:8123/callback'
  const client = new pg.Client({ connectionString: postgresUrlFor(database) })
  await client.connect()
  await client.query(
    `INSERT INTO "OidcApp" ("id", "name", "redirectUris", "clientType", "secretHash", "firstParty", "createdAt", "createdBy") VALUES ($1, 'Two instances', $2, 'confidential', $3, true, now(), 'e2e')`,
    [clientId, JSON.stringify([redirectUri]), createHash('sha256').update(secret).digest('hex')],
  )
  await client.end()

  const email = address()
  const page = await signInAcross(browser, email, A, A)
  const config = await oidc.discovery(new URL(A), clientId, secret, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] })
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  })

  // A starts the authorization; B answers every later step of the browser (its cookies included).
  const started = await page.request.get(url.href, { maxRedirects: 0 })
  expect(started.status()).toBe(303)
  const interaction = started.headers().location!
  expect(interaction).toMatch(/^\/oidc\/interaction\//)
  // Sign-in, then consent (a first-party app: granted at once), then the answer: every hop on B.
  let location = interaction
  const hops: string[] = []
  while (!location.startsWith(redirectUri) && hops.length < 6) {
    const target = new URL(location, B)
    hops.push(target.pathname.replace(/[^/]{20,}$/, ':uid'))
    const answer = await page.request.get(`${B}${target.pathname}${target.search}`, { maxRedirects: 0 })
    expect(answer.status(), target.pathname).toBe(303)
    location = answer.headers().location!
  }
  expect(hops).toEqual(['/oidc/interaction/:uid', '/oidc/auth/:uid', '/oidc/interaction/:uid', '/oidc/auth/:uid'])
  const callback = new URL(location)
  expect(callback.searchParams.get('code')).toBeTruthy()

  // The code is exchanged, and userinfo read, on B.
  config[oidc.customFetch] = (target, options) => fetch(target.replace(A, B), options as RequestInit)
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true })
  expect(tokens.claims()).toMatchObject({ iss: A, aud: clientId })
  expect(await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ email })
  await page.context().close()
})

test('a device code asked for on A is approved on B, and the device’s polling on A gets the tokens', async ({ browser }) => {
  // A device app, registered in the shared database as /admin/apps would: public, no return address.
  const clientId = `app_device_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: postgresUrlFor(database) })
  await client.connect()
  await client.query(
    `INSERT INTO "OidcApp" ("id", "name", "redirectUris", "clientType", "firstParty", "deviceSignIn", "createdAt", "createdBy") VALUES ($1, 'Two-instance CLI', '[]', 'public', true, true, now(), 'e2e')`,
    [clientId],
  )
  await client.end()
  const config = await oidc.discovery(new URL(A), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] })
  const handle = await oidc.initiateDeviceAuthorization(config, { scope: 'openid email' })
  expect(handle.verification_uri).toBe(`${A}/activate`)
  const polling = oidc.pollDeviceAuthorizationGrant(config, handle)

  // The person's browser reaches only B: the pages' absolute addresses (the public origin, A) are sent there too.
  const email = address()
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientIp() } })
  await context.route(`${A}/**`, (route) => route.continue({ url: route.request().url().replace(A, B) }))
  const page = await context.newPage()
  const before = (await fetch(`${RESEND_URL}/__captured?to=${encodeURIComponent(email)}`).then((response) => response.json())) as unknown[]
  await page.goto(`${B}/activate`)
  await page.getByLabel('Code from the device').fill(handle.user_code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Approve and sign in' }).click()
  // Not signed in yet: the sign-in made now is the fresh one the approval needs.
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  const { code } = await signInEmailTo(email, before.length)
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Two-instance CLI is signed in on your device' })).toBeVisible()

  const tokens = await polling
  expect(tokens.claims()).toMatchObject({ iss: A, aud: clientId })
  expect(await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ email })
  await context.close()
})
