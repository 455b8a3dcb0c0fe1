import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oidc from 'openid-client'
import { negotiateLocale } from '../lib/i18n/negotiate'
import { translatorFor, type Translator } from '../lib/i18n/translator'
import { approvesPayment, authorizationDetailsFor, needsPasskey, paymentById, PAYMENTS, type Payment } from '../lib/demo/acme-payments'
import { failedPage, homePage, page, signedOutPage, type SignedIn } from './acme-pages'
import { receivedSignal, SIGNALS, subscribe } from './acme-signals'

/**
 * "Acme Expenses": the demo's relying party, a separate little app that
 * signs people in through the portal with openid-client, says in plain
 * words how they signed in, and approves payments: one under the limit with
 * a press, one over it only with a passkey proven for that very payment (tier
 * 3 of a passkey rollout), asked as a Rich Authorization Request (RFC 9396).
 * It keeps its sessions in memory and ends them when the portal posts a
 * back-channel logout token. It speaks the language the browser asks for
 * (Accept-Language, else English) and asks the portal for the same one
 * (ui_locales). `npm run demo` starts it; it needs ACME_ISSUER, ACME_URL,
 * ACME_CLIENT_SECRET and ACME_PORT. Pages: ./acme-pages.ts; payments: lib/demo/acme-payments.ts.
 * Its API (GET /api/payments) answers Acme's CLI (scripts/demo-cli.ts) with a bearer token.
 */

const ISSUER = required('ACME_ISSUER')
const HERE = required('ACME_URL')
const SECRET = required('ACME_CLIENT_SECRET')
const PORT = Number(required('ACME_PORT'))
const CLIENT_ID = 'acme-expenses'
const PHISHING_RESISTANT = 'urn:passkey-portal:acr:phishing-resistant'
const ISSUER_ORIGIN = new URL(ISSUER).origin
const loopback = ['localhost', '127.0.0.1'].includes(new URL(ISSUER).hostname)

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the demo with npm run demo.`)
  return value
}

type Session = SignedIn & { sid: string | undefined; idToken: string; sub: string }
type Pending = { verifier: string; nonce: string; state: string; payment: Payment | null; askedAt: number }

const sessions = new Map<string, Session>()
const pending = new Map<string, Pending>()
let config: oidc.Configuration | undefined

async function provider(): Promise<oidc.Configuration> {
  config ??= await oidc.discovery(
    new URL(ISSUER),
    CLIENT_ID,
    SECRET,
    oidc.ClientSecretBasic(SECRET),
    loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
  )
  return config
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  return (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1]
}

const sessionOf = (request: IncomingMessage) => sessions.get(cookie(request, 'acme_session') ?? '')

/**
 * Words for the browser behind a request: the first of its Accept-Language
 * the portal's catalogues speak (the pseudo-locale too, when asked for by
 * name: this is a demo), else English. Times in UTC, named.
 */
function readerOf(request: IncomingMessage): Translator {
  return translatorFor(negotiateLocale(request.headers['accept-language'], true) ?? 'en', 'UTC')
}

function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers }).end()
}

const sessionCookie = (id: string) => `acme_session=${id}; Path=/; HttpOnly; SameSite=Lax`
const requestCookie = (state: string) => `acme_request=${state}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`

/**
 * Starts an authorization: PKCE, state and nonce, remembered for this browser; the portal is asked to speak
 * this page's language. Approving a payment asks for a passkey proven for this request (acr_values, max_age=0)
 * and names the payment (RFC 9396 authorization_details), so the portal shows it and approves only it.
 */
async function authorize(request: IncomingMessage, response: ServerResponse, payment: Payment | null): Promise<void> {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  pending.set(state, { verifier, nonce, state, payment, askedAt: Math.floor(Date.now() / 1000) })
  const url = oidc.buildAuthorizationUrl(await provider(), {
    redirect_uri: `${HERE}/callback`,
    scope: 'openid email profile groups',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ui_locales: readerOf(request).locale,
    ...(payment ? { acr_values: PHISHING_RESISTANT, max_age: '0', authorization_details: JSON.stringify(authorizationDetailsFor(payment)) } : {}),
  })
  redirect(response, url.href, { 'Set-Cookie': requestCookie(state) })
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of request) {
    body += String(chunk)
    if (body.length > 1024) break
  }
  return new URLSearchParams(body)
}

/** One press approves a payment under the limit; one over it goes to the portal for a passkey. */
async function approve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const session = sessionOf(request)
  const payment = paymentById((await readForm(request)).get('payment'))
  if (!session || !payment) return redirect(response, '/')
  session.refused = null
  // After the portal said the person's sign-in methods changed, every approval needs a fresh proof first.
  if (needsPasskey(payment) || session.confirmAgain) return authorize(request, response, payment)
  session.approvals.push({ paymentId: payment.id, by: nameOf(session), at: new Date(), withPasskey: false })
  redirect(response, '/')
}

const nameOf = ({ profile, claims }: SignedIn) => String(profile.name ?? profile.email ?? claims.sub)

async function callback(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', HERE)
  const started = pending.get(cookie(request, 'acme_request') ?? '')
  if (!started) return redirect(response, '/')
  pending.delete(started.state)
  const current = sessionOf(request)
  if (url.searchParams.get('error')) {
    if (current && started.payment) current.refused = url.searchParams.get('error')
    return redirect(response, '/')
  }
  const tokens = await oidc.authorizationCodeGrant(await provider(), url, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
    ...(started.payment ? { maxAge: 0 } : {}),
  })
  const claims = tokens.claims()!
  if (started.payment && current && claims.sub === current.sub) {
    // The app checks what the portal says was achieved and approved, not what it asked for.
    const fresh = typeof claims.auth_time === 'number' && claims.auth_time >= started.askedAt - 1
    if (claims.acr !== PHISHING_RESISTANT || !fresh) current.refused = 'not_fresh'
    // RFC 9396 §7: the token response names what was approved; it must be this payment, exactly.
    else if (!approvesPayment(tokens.authorization_details, started.payment)) current.refused = 'details_differ'
    else {
      current.approvals.push({ paymentId: started.payment.id, by: nameOf(current), at: new Date(), withPasskey: true })
      current.confirmAgain = false
    }
    return redirect(response, '/')
  }
  // Who the person is comes from userinfo (the ID token says how and when they signed in).
  const profile = await oidc.fetchUserInfo(await provider(), tokens.access_token, claims.sub)
  const id = randomBytes(24).toString('base64url')
  const sid = typeof claims.sid === 'string' ? claims.sid : undefined
  sessions.set(id, { sid, sub: claims.sub, idToken: tokens.id_token!, claims, profile, approvals: [], refused: null })
  redirect(response, '/', { 'Set-Cookie': sessionCookie(id) })
}

/** OpenID Connect Back-Channel Logout 1.0 §2.6: a signed logout token ends the sessions it names. */
async function backchannel(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const token = (await readForm(request)).get('logout_token') ?? ''
  try {
    const metadata = (await provider()).serverMetadata()
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(metadata.jwks_uri!)), {
      issuer: metadata.issuer,
      audience: CLIENT_ID,
      typ: 'logout+jwt',
    })
    const events = payload.events as Record<string, unknown> | undefined
    if (!events?.['http://schemas.openid.net/event/backchannel-logout'] || 'nonce' in payload) throw new Error('not a logout token')
    for (const [id, session] of sessions) if (session.sid === payload.sid || (!payload.sid && session.sub === payload.sub)) sessions.delete(id)
    response.writeHead(200, { 'Cache-Control': 'no-store' }).end()
  } catch {
    response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_request"}')
  }
}

/**
 * The API Acme's CLI calls (scripts/demo-cli.ts) with the access token the portal issued it: the token is
 * checked by asking the portal's userinfo endpoint with it (RFC 6750 bearer use), which answers only while
 * the token, its grant and the person's standing hold. The payments waiting for approval, as JSON.
 */
async function api(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? '')?.[1]
  const refuse = () =>
    void response
      .writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end('{"error":"invalid_token"}')
  if (!token) return refuse()
  const person = await oidc.fetchUserInfo(await provider(), token, oidc.skipSubjectCheck).catch(() => null)
  if (!person) return refuse()
  response
    .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(JSON.stringify({ for: person.sub, payments: PAYMENTS.map(({ payee, amount, currency }) => ({ payee, amount, currency })) }))
}

/**
 * Security events the portal pushes (SSF 1.0, RFC 8935): sessions revoked or an account disabled or purged end
 * this app's sessions of that person; changed credentials make the next approval ask for a fresh passkey proof.
 */
async function signals(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let token = ''
  for await (const chunk of request) {
    token += String(chunk)
    if (token.length > 16_384) break
  }
  const metadata = (await provider()).serverMetadata()
  const signal = await receivedSignal(token, { issuer: metadata.issuer, jwksUri: metadata.jwks_uri!, clientId: CLIENT_ID })
  if (!signal.ok) {
    const err = signal.status === 400 ? 'invalid_request' : 'temporarily_unavailable'
    return void response.writeHead(signal.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ err }))
  }
  const ends = [SIGNALS.sessionRevoked, SIGNALS.accountDisabled, SIGNALS.accountPurged].some((type) => signal.events.includes(type))
  for (const [id, session] of sessions) {
    // Only sessions that began before the event: an old event pushed again cannot end a newer sign-in.
    const began = typeof session.claims.iat === 'number' ? session.claims.iat : 0
    if (!signal.sub || session.sub !== signal.sub || began > signal.at) continue
    if (ends) sessions.delete(id)
    else if (signal.events.includes(SIGNALS.credentialChange)) session.confirmAgain = true
  }
  response.writeHead(202).end()
}

function home(request: IncomingMessage, response: ServerResponse): void {
  const reader = readerOf(request)
  const session = sessionOf(request)
  page(response, reader, session ? homePage(reader, session) : signedOutPage(reader), ISSUER_ORIGIN)
}

async function logout(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const id = cookie(request, 'acme_session') ?? ''
  const session = sessions.get(id)
  sessions.delete(id)
  if (!session) return redirect(response, '/')
  // RP-Initiated Logout 1.0: the portal asks the person, signs them out there too, and sends them back here.
  const url = oidc.buildEndSessionUrl(await provider(), {
    id_token_hint: session.idToken,
    post_logout_redirect_uri: `${HERE}/`,
    ui_locales: readerOf(request).locale,
  })
  redirect(response, url.href, { 'Set-Cookie': 'acme_session=; Path=/; Max-Age=0' })
}

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void> = {
  'GET /': home,
  'POST /login': (request, response) => authorize(request, response, null),
  'POST /approve': approve,
  'GET /callback': callback,
  'POST /backchannel': backchannel,
  'POST /logout': logout,
  'GET /api/payments': api,
  'POST /ssf/events': signals,
}

const server = createServer((request, response) => {
  const handler = routes[`${request.method} ${(request.url ?? '/').split('?')[0]}`]
  const work = handler
    ? handler(request, response)
    : void response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(readerOf(request).t('demo.acme.notFound'))
  Promise.resolve(work).catch((error: unknown) => {
    console.error(`Acme Expenses: ${error instanceof Error ? error.message : String(error)}`)
    if (!response.headersSent) page(response, readerOf(request), failedPage(readerOf(request)), ISSUER_ORIGIN)
  })
})

server.listen(PORT, '127.0.0.1', () => {
  console.log(`Acme Expenses (demo app) is on ${HERE}`)
  subscribe({ issuer: ISSUER, clientId: CLIENT_ID, secret: SECRET, endpoint: `${HERE}/ssf/events` }).then(
    () => console.log('Acme Expenses receives the portal’s security events'),
    (error: unknown) => console.error(`Acme Expenses could not subscribe to security events: ${error instanceof Error ? error.message : String(error)}`),
  )
})
// Nothing to finish (sessions are in memory): stop at once, keep-alive connections included.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0))
