import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oidc from 'openid-client'

/**
 * "Acme Expenses": the demo's relying party, a separate little app that
 * signs people in through the portal with openid-client, shows what the ID
 * token says, and asks for a phishing-resistant sign-in (a passkey, proven
 * just now) to approve a payment over 10,000: tier 3 of a passkey rollout.
 * It keeps its sessions in memory and ends them when the portal posts a
 * back-channel logout token. `npm run demo` starts it; it needs
 * ACME_ISSUER, ACME_URL, ACME_CLIENT_SECRET and ACME_PORT.
 */

const ISSUER = required('ACME_ISSUER')
const HERE = required('ACME_URL')
const SECRET = required('ACME_CLIENT_SECRET')
const PORT = Number(required('ACME_PORT'))
const CLIENT_ID = 'acme-expenses'
const PHISHING_RESISTANT = 'urn:passkey-portal:acr:phishing-resistant'
const loopback = ['localhost', '127.0.0.1'].includes(new URL(ISSUER).hostname)

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the demo with npm run demo.`)
  return value
}

type Session = {
  sid: string | undefined
  idToken: string
  claims: oidc.IDToken
  profile: oidc.UserInfoResponse
  approved: { at: Date; amr: string }[]
  refused: string | null
}
type Pending = { verifier: string; nonce: string; state: string; purpose: 'sign-in' | 'approve'; askedAt: number }

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

const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

function cookie(request: IncomingMessage, name: string): string | undefined {
  return (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1]
}

function page(response: ServerResponse, body: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // The forms go on to the portal (sign-in, approval, sign-out): form-action covers where they redirect to.
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(ISSUER).origin}; frame-ancestors 'none'`,
    ...headers,
  })
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Expenses</title><style>body{font-family:system-ui,sans-serif;margin:0;background:#f0fdf4;color:#052e16}header{background:#166534;color:#fff;padding:1rem 1.5rem;font-weight:700}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}section{background:#fff;border:1px solid #bbf7d0;border-radius:.75rem;padding:1.25rem;margin-bottom:1rem}
button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:0;background:#166534;color:#fff;cursor:pointer}button.quiet{background:#fff;color:#166534;border:1px solid #166534}
button:focus-visible{outline:3px solid #4ade80;outline-offset:2px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #dcfce7;vertical-align:top}td{word-break:break-all}
.ok{color:#166534;font-weight:600}.no{color:#b91c1c;font-weight:600}@media (prefers-color-scheme:dark){body{background:#052e16;color:#f0fdf4}section{background:#14532d;border-color:#166534}}</style></head>
<body><header>Acme Expenses <small style="font-weight:400">— a demo app that signs in with Passkey Portal</small></header><main id="main">${body}</main></body></html>`)
}

function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers }).end()
}

const sessionCookie = (id: string) => `acme_session=${id}; Path=/; HttpOnly; SameSite=Lax`
const requestCookie = (state: string) => `acme_request=${state}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`

/** Starts an authorization: PKCE, state and nonce, remembered for this browser. */
async function authorize(response: ServerResponse, purpose: Pending['purpose']): Promise<void> {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  pending.set(state, { verifier, nonce, state, purpose, askedAt: Math.floor(Date.now() / 1000) })
  const url = oidc.buildAuthorizationUrl(await provider(), {
    redirect_uri: `${HERE}/callback`,
    scope: 'openid email profile groups',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Approving asks for a passkey, proven for this request (max_age=0): tier 3, "a passkey for the sensitive action".
    ...(purpose === 'approve' ? { acr_values: PHISHING_RESISTANT, max_age: '0' } : {}),
  })
  redirect(response, url.href, { 'Set-Cookie': requestCookie(state) })
}

async function callback(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', HERE)
  const started = pending.get(cookie(request, 'acme_request') ?? '')
  if (!started) return redirect(response, '/')
  pending.delete(started.state)
  const current = sessions.get(cookie(request, 'acme_session') ?? '')
  if (url.searchParams.get('error')) {
    if (current && started.purpose === 'approve') current.refused = url.searchParams.get('error')
    return redirect(response, '/')
  }
  const tokens = await oidc.authorizationCodeGrant(await provider(), url, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
    ...(started.purpose === 'approve' ? { maxAge: 0 } : {}),
  })
  const claims = tokens.claims()!
  if (started.purpose === 'approve' && current && claims.sub === current.claims.sub) {
    // The app checks what the ID token says was achieved, not what it asked for.
    const fresh = typeof claims.auth_time === 'number' && claims.auth_time >= started.askedAt - 1
    if (claims.acr === PHISHING_RESISTANT && fresh) current.approved.push({ at: new Date(), amr: Array.isArray(claims.amr) ? claims.amr.join(' ') : '' })
    else current.refused = 'the sign-in was not a fresh passkey sign-in'
    return redirect(response, '/')
  }
  // Who the person is comes from userinfo (the ID token says how and when they signed in).
  const profile = await oidc.fetchUserInfo(await provider(), tokens.access_token, claims.sub)
  const id = randomBytes(24).toString('base64url')
  sessions.set(id, { sid: typeof claims.sid === 'string' ? claims.sid : undefined, idToken: tokens.id_token!, claims, profile, approved: [], refused: null })
  redirect(response, '/', { 'Set-Cookie': sessionCookie(id) })
}

/** OpenID Connect Back-Channel Logout 1.0 §2.6: a signed logout token ends the sessions it names. */
async function backchannel(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = ''
  for await (const chunk of request) body += String(chunk)
  const token = new URLSearchParams(body).get('logout_token') ?? ''
  try {
    const metadata = (await provider()).serverMetadata()
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(metadata.jwks_uri!)), {
      issuer: metadata.issuer,
      audience: CLIENT_ID,
      typ: 'logout+jwt',
    })
    const events = payload.events as Record<string, unknown> | undefined
    if (!events?.['http://schemas.openid.net/event/backchannel-logout'] || 'nonce' in payload) throw new Error('not a logout token')
    for (const [id, session] of sessions) if (session.sid === payload.sid || (!payload.sid && session.claims.sub === payload.sub)) sessions.delete(id)
    response.writeHead(200, { 'Cache-Control': 'no-store' }).end()
  } catch {
    response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_request"}')
  }
}

function home(request: IncomingMessage, response: ServerResponse): void {
  const session = sessions.get(cookie(request, 'acme_session') ?? '')
  if (!session) {
    return page(
      response,
      `<section><h1>Your expenses, one sign-in away</h1><p>Acme Expenses lets your organisation’s sign-in do the work: no password here.</p>
<form method="post" action="/login"><button>Sign in with Passkey Portal</button></form></section>`,
    )
  }
  const { claims, profile } = session
  const row = (source: Record<string, unknown>, from: string) => (name: string) =>
    `<tr><th scope="row">${name}</th><td data-claim="${name}">${escape(JSON.stringify(source[name] ?? null))}</td><td>${from}</td></tr>`
  const rows = [
    ...['sub', 'acr', 'amr', 'auth_time'].map(row(claims, 'ID token')),
    ...['email', 'email_verified', 'name', 'groups'].map(row(profile, 'userinfo')),
  ].join('')
  const approvals = session.approved.map((approval) => `<li class="ok" data-testid="approved">Approved with a passkey (${escape(approval.amr)})</li>`).join('')
  page(
    response,
    `<section><h1>Hello, ${escape(profile.name ?? profile.email ?? claims.sub)}</h1><p>You signed in through Passkey Portal, which told this app:</p>
<table><tr><th scope="col">Claim</th><th scope="col">Value</th><th scope="col">From</th></tr>${rows}</table></section>
<section><h2>Payment waiting for you</h2><p>€12,500.00 to Northwind Traders. Payments over 10,000 need a passkey, proven just now.</p>
<form method="post" action="/approve"><button>Approve a payment over 10,000</button></form>
<ul>${approvals}</ul>${session.refused ? `<p class="no" data-testid="refused">Not approved: ${escape(session.refused)}.</p>` : ''}</section>
<form method="post" action="/logout"><button class="quiet">Sign out</button></form>`,
  )
}

async function logout(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const id = cookie(request, 'acme_session') ?? ''
  const session = sessions.get(id)
  sessions.delete(id)
  if (!session) return redirect(response, '/')
  // RP-Initiated Logout 1.0: the portal asks the person, signs them out there too, and sends them back here.
  const url = oidc.buildEndSessionUrl(await provider(), { id_token_hint: session.idToken, post_logout_redirect_uri: `${HERE}/` })
  redirect(response, url.href, { 'Set-Cookie': 'acme_session=; Path=/; Max-Age=0' })
}

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0]
  const route = `${request.method} ${path}`
  const work: Promise<void> | void =
    route === 'GET /'
      ? home(request, response)
      : route === 'POST /login'
        ? authorize(response, 'sign-in')
        : route === 'POST /approve'
          ? sessions.has(cookie(request, 'acme_session') ?? '')
            ? authorize(response, 'approve')
            : redirect(response, '/')
          : route === 'GET /callback'
            ? callback(request, response)
            : route === 'POST /backchannel'
              ? backchannel(request, response)
              : route === 'POST /logout'
                ? logout(request, response)
                : void response.writeHead(404).end('Not found')
  Promise.resolve(work).catch((error: unknown) => {
    console.error(`Acme Expenses: ${error instanceof Error ? error.message : String(error)}`)
    if (!response.headersSent) page(response, '<section><h1>Sign-in failed</h1><p>Start again from <a href="/">the home page</a>.</p></section>')
  })
})

server.listen(PORT, '127.0.0.1', () => console.log(`Acme Expenses (demo app) is on ${HERE}`))
// Nothing to finish (sessions are in memory): stop at once, keep-alive connections included.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0))
