import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, type Page } from '@playwright/test'
import * as oidc from 'openid-client'
import { db } from '../../lib/db'
import { registerApp, type AppInput } from '../../lib/oidc/apps'
import { testContext } from '../../testing/use-case'
import { APP } from './servers'

/**
 * The far side of the OpenID Connect tests: an app registered with the
 * portal, driven with openid-client (a certified relying-party library no
 * one here wrote), and a small HTTP server of its own that receives the
 * browser at its redirect URI and logout tokens at its back-channel URI.
 */

export type Receiver = {
  url: string
  /** Logout tokens posted to /backchannel, in order. */
  logoutTokens: string[]
  close: () => Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const logoutTokens: string[] = []
  const server: Server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/backchannel') {
      let body = ''
      request.on('data', (chunk) => (body += String(chunk)))
      request.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token')
        if (token) logoutTokens.push(token)
        response.writeHead(200).end()
      })
      return
    }
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('The app received the sign-in response.')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, logoutTokens, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

export type TestApp = { clientId: string; secret: string | null; redirectUri: string; remove: () => Promise<void> }

/** Registers an app as an admin would at /admin/apps (confidential and first-party unless told otherwise). */
export async function registerTestApp(receiver: Receiver, input: Partial<AppInput> = {}): Promise<TestApp> {
  const redirectUri = `${receiver.url}/callback`
  const registered = await registerApp(
    {
      name: `Test app ${randomBytes(3).toString('hex')}`,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [`${receiver.url}/signed-out`],
      backchannelLogoutUri: `${receiver.url}/backchannel`,
      clientType: 'confidential',
      firstParty: true,
      allowedGroups: [],
      minimumLevel: 'email',
      signingAlg: 'ES256',
      deviceSignIn: false,
      refreshOutlivesSession: false,
      ...input,
    },
    { user: { email: 'e2e@example.com' } },
    testContext(),
  )
  if (!registered.ok) throw new Error(`The test app was refused: ${registered.reason}`)
  const { app, secret } = registered
  return {
    clientId: app.id,
    secret,
    redirectUri,
    remove: async () => {
      await db().oidcPayload.deleteMany({ where: { clientId: app.id } })
      await db().oidcApp.deleteMany({ where: { id: app.id } })
    },
  }
}

/** openid-client's configuration for the app, from the portal's discovery document (http is allowed for the loopback test server only). */
export function discover(app: TestApp, issuer = APP.url): Promise<oidc.Configuration> {
  const auth = app.secret ? oidc.ClientSecretBasic(app.secret) : oidc.None()
  return oidc.discovery(new URL(issuer), app.clientId, app.secret ?? undefined, auth, { execute: [oidc.allowInsecureRequests] })
}

export type Authorization = { url: URL; verifier: string; state: string; nonce: string }

/** An authorization request with PKCE (S256), state and nonce, as the library builds it. */
export async function authorizationRequest(config: oidc.Configuration, app: TestApp, extra: Record<string, string> = {}): Promise<Authorization> {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: 'openid email profile groups',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  })
  return { url, verifier, state, nonce }
}

/** Waits for the browser to arrive at the app's redirect URI and returns that URL (with its code, or its error). */
export async function arrivalAtApp(page: Page, app: TestApp): Promise<URL> {
  await expect(page).toHaveURL((url) => url.href.startsWith(app.redirectUri), { timeout: 30_000 })
  return new URL(page.url())
}

/** The code exchange, checked by the library: state, PKCE verifier, nonce, and the ID token's signature and claims. */
export function exchange(config: oidc.Configuration, callback: URL, authorization: Authorization) {
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: authorization.verifier,
    expectedState: authorization.state,
    expectedNonce: authorization.nonce,
    idTokenExpected: true,
  })
}

/** A signed-in browser's round trip: the authorization request, straight back to the app, and the code exchanged. */
export async function signInToApp(page: Page, config: oidc.Configuration, app: TestApp, extra: Record<string, string> = {}) {
  const authorization = await authorizationRequest(config, app, extra)
  await page.goto(authorization.url.href)
  return { authorization, tokens: await exchange(config, await arrivalAtApp(page, app), authorization) }
}
