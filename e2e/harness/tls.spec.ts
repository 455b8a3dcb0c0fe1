import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test, type Browser, type Page, type Response } from '@playwright/test'
import Database from 'better-sqlite3'
import { addVirtualAuthenticator } from '../support/authenticator'
import { enterCode } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { addPasskeyOnPage, signOut, skipPasskeyAutofill } from '../support/passkeys'
import { migrate, startOwnServer, type OwnServer } from '../support/production-server'
import { findProgram, getOverTls, makeCertificate, startTlsProxy, type TestCertificate, type TlsProxy } from '../support/tls-proxy'

/**
 * The portal as deployed: behind nginx terminating TLS with a certificate the
 * browser trusts, APP_URL https and TRUSTED_PROXY_HOPS=1. A person signs up
 * with an emailed code, adds a passkey, signs out and back in with it; every
 * response carries HSTS and every cookie is Secure, HTTP-only, SameSite and,
 * scoped to the whole site, named __Host-. Over plain http none of that is
 * sent (e2e/harness/security-headers.spec.ts), so only this test sees it.
 * nginx, its configuration and the certificate: e2e/support/tls-proxy.ts.
 */
const TLS_PORT = 3443
const APP_PORT = 3444
const ORIGIN = `https://localhost:${TLS_PORT}`
/** At least a year, as HSTS preload lists require. */
const HSTS_MIN_SECONDS = 365 * 24 * 3600

const nginx = findProgram('nginx')
const openssl = findProgram('openssl')
const MISSING = 'The TLS test needs nginx and openssl (Debian: apt-get install nginx openssl; .ci/run installs them).'
// CI installs both, so there a missing one fails the test instead of skipping it.
test.skip((!nginx || !openssl) && !process.env.CI, MISSING)
test.describe.configure({ mode: 'serial', timeout: 180_000 })

// Made in beforeAll: the runner also loads this file, only to list its tests.
let directory: string | undefined
let databaseFile: string
let certificate: TestCertificate
let server: OwnServer | undefined
let proxy: TlsProxy | undefined
let browser: Browser | undefined

test.beforeAll(async ({ playwright, launchOptions }) => {
  if (!nginx || !openssl) throw new Error(MISSING)
  directory = mkdtempSync(path.join(tmpdir(), 'portal-tls-'))
  databaseFile = path.join(directory, 'portal.db')
  certificate = makeCertificate(openssl, directory)
  migrate(`file:${databaseFile}`)
  server = await startOwnServer(APP_PORT, `file:${databaseFile}`, { APP_URL: ORIGIN, TRUSTED_PROXY_HOPS: '1' })
  proxy = await startTlsProxy(nginx, directory, { port: TLS_PORT, upstream: server.url, certificate })
  // Chromium takes the test certificate as valid, as it would one from a public CA, so the pages carry no certificate
  // error. With ignoreHTTPSErrors they would, and browsers refuse WebAuthn on such pages; Chromium's virtual authenticator
  // was found not to check, so the test would pass without showing what a person's browser does. Chromium honours the
  // flag because Playwright gives it a profile directory of its own.
  browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--ignore-certificate-errors-spki-list=${certificate.spkiSha256}`],
  })
})

test.afterAll(async () => {
  await browser?.close()
  await proxy?.stop()
  if (server && server.process.exitCode === null) {
    server.process.kill('SIGTERM')
    await server.exited
  }
  if (directory) rmSync(directory, { recursive: true, force: true })
})

type Seen = { url: string; status: number; hsts: string | undefined; setCookies: string[] }

/** Every response the page gets from the portal's origin (documents, RSC and JSON fetches, scripts, redirects), with its HSTS and Set-Cookie headers. */
function recordResponses(page: Page): () => Promise<Seen[]> {
  const pending: Promise<Seen | null>[] = []
  page.on('response', (response: Response) => {
    if (!response.url().startsWith(`${ORIGIN}/`)) return
    pending.push(
      response.headersArray().then(
        (headers) => ({
          url: response.url(),
          status: response.status(),
          hsts: headers.find((header) => header.name.toLowerCase() === 'strict-transport-security')?.value,
          setCookies: headers.filter((header) => header.name.toLowerCase() === 'set-cookie').map((header) => header.value),
        }),
        // Only when the page closed first, after a failed step: that failure is the one to report.
        () => null,
      ),
    )
  })
  return async () => (await Promise.all(pending)).filter((seen) => seen !== null)
}

function expectHsts(value: string | undefined, where: string) {
  expect(value, `HSTS on ${where}`).toBeDefined()
  const maxAge = Number(value!.match(/(?:^|;)\s*max-age=(\d+)\s*(?:;|$)/i)?.[1])
  expect(maxAge, `HSTS max-age on ${where}`).toBeGreaterThanOrEqual(HSTS_MIN_SECONDS)
}

type SetCookie = { name: string; cleared: boolean; attributes: Map<string, string> }

function parseSetCookie(header: string): SetCookie {
  const [pair, ...rest] = header.split(';')
  const name = pair!.slice(0, pair!.indexOf('=')).trim()
  const value = pair!.slice(pair!.indexOf('=') + 1).trim()
  const attributes = new Map(
    rest.map((part) => {
      const [key, ...values] = part.split('=')
      return [key!.trim().toLowerCase(), values.join('=').trim()] as const
    }),
  )
  const expires = attributes.get('expires')
  const cleared = value === '' || attributes.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now())
  return { name, cleared, attributes }
}

/**
 * What a browser requires of a __Host- cookie (RFC 6265bis §4.1.3.2: Secure,
 * Path=/, no Domain), and what the portal adds: HTTP-only and SameSite. The
 * portal's own cookies have that prefix; Auth.js names its callback cookie
 * __Secure- (Secure required), and it is just as scoped.
 */
function expectSecureCookie(cookie: SetCookie, where: string) {
  const what = `${cookie.name}${cookie.cleared ? ' (cleared)' : ''} from ${where}`
  expect(cookie.name, what).toMatch(/^(__Host-portal\.|__Host-authjs\.|__Secure-authjs\.)[a-z.-]+$/)
  expect(cookie.attributes.has('secure'), `Secure on ${what}`).toBe(true)
  expect(cookie.attributes.get('path'), `Path on ${what}`).toBe('/')
  expect(cookie.attributes.has('domain'), `no Domain on ${what}`).toBe(false)
  expect(cookie.attributes.has('httponly'), `HttpOnly on ${what}`).toBe(true)
  expect(cookie.attributes.get('samesite')?.toLowerCase(), `SameSite on ${what}`).toMatch(/^(lax|strict)$/)
}

/** The client data of a WebAuthn response the page posted (WebAuthn §5.8.1): its type and origin. */
function clientDataOf(body: string | null): { type: string; origin: string } {
  const posted = JSON.parse(body ?? '{}') as { response?: { response?: { clientDataJSON?: string } } }
  return JSON.parse(Buffer.from(posted.response?.response?.clientDataJSON ?? '', 'base64url').toString('utf8')) as { type: string; origin: string }
}

test('over TLS behind nginx: an emailed code and a passkey sign in with HSTS and Secure __Host- cookies', async () => {
  const context = await browser!.newContext({
    baseURL: ORIGIN,
    // Written by the client, so the portal must not take it: the address is the one nginx saw (TRUSTED_PROXY_HOPS=1).
    extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' },
  })
  const page = await context.newPage()
  const responses = recordResponses(page)
  const ceremonies: { type: string; origin: string }[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/passkeys\/(register|sign-in)\/verify$/.test(request.url())) ceremonies.push(clientDataOf(request.postData()))
  })

  // Sign up with an emailed code: the email's link is on the https origin.
  const email = `tls-${randomBytes(4).toString('hex')}@example.com`
  const first = await page.goto('/sign-in')
  // The page came over TLS from nginx, with the test CA's certificate for localhost.
  expect(await first!.securityDetails()).toMatchObject({ issuer: 'Passkey Portal test CA', subjectName: 'localhost' })
  // The policy's other https-only part: any http subresource is fetched over https.
  expect(first!.headers()['content-security-policy']).toContain('upgrade-insecure-requests')
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const { code, link } = await signInEmailTo(email)
  expect(link.startsWith(`${ORIGIN}/sign-in/link?token=`)).toBe(true)
  await enterCode(page, code)
  await expect(page).toHaveURL(`${ORIGIN}/account`)
  const afterCode = await context.cookies()
  expect(afterCode.map((cookie) => cookie.name)).toContain('__Host-portal.session')
  // The request's cookie is cleared once the code is used (a clearing Set-Cookie without Secure would be refused for a __Host- name).
  expect(afterCode.map((cookie) => cookie.name)).not.toContain('__Host-portal.sign-in')

  // A passkey on Chromium's virtual authenticator, then out and back in with it.
  const authenticator = await addVirtualAuthenticator(page)
  await addPasskeyOnPage(page)
  await skipPasskeyAutofill(page)
  await signOut(page)
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('__Host-portal.session')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(`${ORIGIN}/account`)
  await expect(page.getByTestId('session-summary')).toContainText('Passkey')

  // The ceremonies ran on the https origin; the passkey is for the relying party localhost (the sign-in found it there).
  expect((await authenticator.credentials()).map((credential) => credential.rpId)).toEqual(['localhost'])
  expect(ceremonies).toEqual([
    expect.objectContaining({ type: 'webauthn.create', origin: ORIGIN }),
    expect.objectContaining({ type: 'webauthn.get', origin: ORIGIN }),
  ])

  // Every response from the origin carries HSTS; every cookie set or cleared is Secure, HTTP-only, SameSite and host-only for the whole site.
  const seen = await responses()
  expect(seen.length).toBeGreaterThan(20)
  for (const response of seen) expectHsts(response.hsts, `${response.status} ${response.url}`)
  const setCookies = seen.flatMap((response) => response.setCookies.map((header) => ({ cookie: parseSetCookie(header), where: response.url })))
  for (const { cookie, where } of setCookies) expectSecureCookie(cookie, where)
  const names = new Set(setCookies.map(({ cookie }) => cookie.name))
  for (const name of ['__Host-portal.session', '__Host-portal.sign-in', '__Host-portal.known', '__Host-portal.webauthn']) expect(names).toContain(name)
  const ceremonyCookie = setCookies.find(({ cookie }) => cookie.name === '__Host-portal.webauthn')!.cookie
  expect(ceremonyCookie.attributes.get('samesite')).toMatch(/^strict$/i)
  // What the browser holds now matches: nothing but Secure, host-only cookies for the whole site, all HTTP-only but
  // the two the pages' scripts write, which hold the browser's time zone (lib/i18n/cookies.ts) and its four bits of
  // passkey capabilities (lib/auth/session/device-report.ts), and nothing else.
  const held = await context.cookies()
  expect(held.length).toBeGreaterThan(0)
  for (const cookie of held) {
    const written = cookie.name === '__Host-tz' || cookie.name === '__Host-portal.device'
    expect(cookie, cookie.name).toMatchObject({ domain: 'localhost', path: '/', secure: true, httpOnly: !written })
    expect(cookie.name).toMatch(/^__(Host|Secure)-/)
    if (cookie.name === '__Host-tz') expect(decodeURIComponent(cookie.value)).toMatch(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/)
    if (cookie.name === '__Host-portal.device') expect(cookie.value).toMatch(/^[01]{4}$/)
  }
  // The ceremony's one-time cookie is cleared once its answer is checked.
  expect(held.map((cookie) => cookie.name)).not.toContain('__Host-portal.webauthn')

  // The sessions were recorded with the address nginx saw, not the one the client wrote.
  const database = new Database(databaseFile, { readonly: true })
  const addresses = database.prepare('SELECT DISTINCT "ipAddress" FROM "Session"').all() as { ipAddress: string | null }[]
  database.close()
  expect(addresses).toEqual([{ ipAddress: '127.0.0.1' }])
  await context.close()
})

test('over TLS behind nginx: the OpenID provider names the https issuer and its answers carry HSTS too', async () => {
  const discovery = await getOverTls(`${ORIGIN}/.well-known/openid-configuration`, certificate.authority)
  expect(discovery.status).toBe(200)
  const document = JSON.parse(discovery.body) as { issuer: string; authorization_endpoint: string; jwks_uri: string }
  expect(document.issuer).toBe(ORIGIN)
  expect(document.authorization_endpoint).toBe(`${ORIGIN}/oidc/auth`)
  expect(document.jwks_uri.startsWith(`${ORIGIN}/`)).toBe(true)
  expectHsts(discovery.headers['strict-transport-security'] as string | undefined, 'the discovery document')
  const readiness = await getOverTls(`${ORIGIN}/readyz`, certificate.authority)
  expect(readiness.status).toBe(200)
  expectHsts(readiness.headers['strict-transport-security'] as string | undefined, '/readyz')
})
