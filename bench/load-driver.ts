import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { actionId } from '../e2e/support/server-actions'
import { softAuthenticationResponse, type SoftPasskey } from '../testing/soft-authenticator'

/**
 * Child process of `npm run bench:load` (pinned to its own core), one per
 * configuration: each line on stdin asks it to drive one flow against a
 * server at one concurrency for a while (or up to a number of flows), and it
 * answers each with one JSON line on stdout. Staying up saves starting Node
 * for every run. Multi-step sign-in flows run on Node's HTTP client (undici),
 * the way a browser would post the forms; the session checks are single
 * requests and run on autocannon.
 */
type Setup = { emailUsers: number[]; passkeys: { userId: string; credentialId: string; privateKey: string }[]; sessions: string[] }
export type Options = {
  base: string
  flow: Flow
  concurrency: number
  seconds: number
  flowLimit?: number
  setupFile: string
  databaseUrl: string
  userOffset: number
}
export type Flow = 'email-code' | 'magic-link' | 'passkey' | 'session-page' | 'session-json' | 'peer-email-code' | 'peer-session-json'
export type RunResult = {
  flow: Flow
  concurrency: number
  seconds: number
  flows: number
  errors: number
  /** Latency of the whole flow, and of its last step (the verify), in ms. */
  flowMs: Percentiles
  verifyMs: Percentiles
  firstError?: string
}
type Percentiles = { p50: number; p95: number; p99: number }

/** The run being driven, and what it reads (set by each request on stdin). */
let options: Options
let setup: Setup

const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) }
}

/** A client address in the benchmarking range (198.18.0.0/15), different for each flow, as many real clients would be. */
let ipCounter = Math.floor(Math.random() * 100_000)
const nextIp = () => {
  ipCounter = (ipCounter + 1) % 131_072
  return `198.${18 + (ipCounter >> 16)}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

function cookieFrom(response: Response, name: string): string | null {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [key, ...value] = pair!.split('=')
    if (key === name && value.join('=') !== '') return `${name}=${value.join('=')}`
  }
  return null
}

/** Posts a server action the way React's client does (the form's fields, then the argument list). */
async function action(path: string, id: string, fields: Record<string, string>, ip: string, cookie?: string): Promise<Response> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value)
  form.append('0', '[{"status":"idle"},"$K1"]')
  const response = await fetch(`${options.base}${path}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { 'next-action': id, origin: options.base, accept: 'text/x-component', 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
  })
  await response.arrayBuffer()
  return response
}

/** A reader of one text column for an address, from SQLite or PostgreSQL (the mailbox tables the apps write their email to). */
async function reader(query: string): Promise<(to: string) => Promise<string>> {
  if (options.databaseUrl.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3')
    const database = new Database(options.databaseUrl.slice('file:'.length), { readonly: true, fileMustExist: true })
    database.pragma('busy_timeout = 5000')
    const statement = database.prepare(query.replace('$1', '?'))
    return async (to: string) => (statement.get(to) as { value: string } | undefined)?.value ?? ''
  }
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 })
  // The bench drops each PostgreSQL database after its configuration; idle connections to it then end with an error.
  pool.on('error', () => {})
  return async (to: string) => (await pool.query<{ value: string }>(query, [to])).rows[0]?.value ?? ''
}

/** Readers of the mailbox tables, one per database (the driver serves one configuration, but a reader costs a connection). */
const readers = new Map<string, Promise<(to: string) => Promise<string>>>()
function cachedReader(query: string): Promise<(to: string) => Promise<string>> {
  const key = `${options.databaseUrl}\n${query}`
  if (!readers.has(key)) readers.set(key, reader(query))
  return readers.get(key)!
}

/** The newest sign-in email to an address, from the portal's demo mailbox table (as the e2e suite reads its loopback server). */
const latestSignInEmail = async (to: string) =>
  (await cachedReader(`SELECT "text" AS "value" FROM "MailboxMessage" WHERE "to" = $1 AND "subject" LIKE 'Sign in to%' ORDER BY "createdAt" DESC LIMIT 1`))(to)
/** The newest OTP the Better Auth peer "sent" to an address (bench/peers/better-auth/lib/auth.js). */
const latestPeerOtp = async (to: string) =>
  (await cachedReader(`SELECT otp AS value FROM bench_mailbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`))(to)

let ids: { request: string; verify: string; confirm: string } | undefined
const actionIds = () =>
  (ids ??= {
    request: actionId('app/(auth)/sign-in/actions.ts', 'requestSignInAction'),
    verify: actionId('app/(auth)/sign-in/actions.ts', 'verifyCodeAction'),
    confirm: actionId('app/(auth)/sign-in/link/actions.ts', 'confirmLinkAction'),
  })

let userCursor = 0
const nextEmailUser = () => `scale-${setup.emailUsers[userCursor++ % setup.emailUsers.length]}@example.org`

/** Asks for the sign-in email; returns the browser's request cookie and the email's text. */
async function requestEmail(ip: string): Promise<{ email: string; cookie: string; text: string }> {
  const email = nextEmailUser()
  const asked = await action('/sign-in', actionIds().request, { email, timeZone: 'UTC' }, ip)
  const cookie = cookieFrom(asked, 'portal.sign-in')
  if (!cookie) throw new Error(`request answered ${asked.status} without a sign-in cookie`)
  return { email, cookie, text: await latestSignInEmail(email) }
}

/** Better Auth's email-OTP sign-in, as its client calls it: send the OTP, then sign in with it. Returns the session cookie too. */
async function peerSignIn(ip: string): Promise<{ verifyMs: number; cookie: string }> {
  const email = nextEmailUser()
  const headers = { 'content-type': 'application/json', origin: options.base, 'x-forwarded-for': ip }
  const sent = await fetch(`${options.base}/api/auth/email-otp/send-verification-otp`, {
    method: 'POST',
    body: JSON.stringify({ email, type: 'sign-in' }),
    headers,
  })
  await sent.arrayBuffer()
  if (sent.status !== 200) throw new Error(`send answered ${sent.status}`)
  const otp = await latestPeerOtp(email)
  const started = performance.now()
  const signedIn = await fetch(`${options.base}/api/auth/sign-in/email-otp`, { method: 'POST', body: JSON.stringify({ email, otp }), headers })
  await signedIn.arrayBuffer()
  const cookie = cookieFrom(signedIn, 'better-auth.session_token')
  if (signedIn.status !== 200 || !cookie) throw new Error(`sign-in answered ${signedIn.status}`)
  return { verifyMs: performance.now() - started, cookie }
}

const flows: Record<'email-code' | 'magic-link' | 'passkey' | 'peer-email-code', (ip: string) => Promise<number>> = {
  async 'peer-email-code'(ip) {
    return (await peerSignIn(ip)).verifyMs
  },
  async 'email-code'(ip) {
    const { cookie, text } = await requestEmail(ip)
    const code = text.match(/\b(\d{6})\b/)?.[1]
    if (!code) throw new Error('no code in the email')
    const started = performance.now()
    const verified = await action('/sign-in/check-email', actionIds().verify, { code }, ip, cookie)
    if (!cookieFrom(verified, 'portal.session')) throw new Error(`verify answered ${verified.status} without a session`)
    return performance.now() - started
  },
  async 'magic-link'(ip) {
    const { cookie, text } = await requestEmail(ip)
    const token = text.match(/\/sign-in\/link\?token=([A-Za-z0-9_-]{43})/)?.[1]
    if (!token) throw new Error('no link in the email')
    const started = performance.now()
    const confirmed = await action('/sign-in/link', actionIds().confirm, { token, mode: 'here' }, ip, cookie)
    if (!cookieFrom(confirmed, 'portal.session')) throw new Error(`confirm answered ${confirmed.status} without a session`)
    return performance.now() - started
  },
  async passkey(ip) {
    const stored = setup.passkeys[userCursor++ % setup.passkeys.length]!
    const soft: SoftPasskey = {
      credentialId: stored.credentialId,
      userHandle: Buffer.from(stored.userId).toString('base64url'),
      publicKey: new Uint8Array(),
      privateKey: createPrivateKey(stored.privateKey),
      counter: 0,
    }
    const headers = { 'content-type': 'application/json', origin: options.base, 'x-forwarded-for': ip }
    const asked = await fetch(`${options.base}/api/passkeys/sign-in/options`, { method: 'POST', body: '{}', headers })
    const ceremony = cookieFrom(asked, 'portal.webauthn')
    const { challenge } = (await asked.json()) as { challenge: string }
    if (!ceremony) throw new Error(`options answered ${asked.status} without a ceremony cookie`)
    const response = softAuthenticationResponse(soft, { challenge, origin: options.base, rpId: new URL(options.base).hostname })
    const started = performance.now()
    const verified = await fetch(`${options.base}/api/passkeys/sign-in/verify`, {
      method: 'POST',
      body: JSON.stringify({ response }),
      headers: { ...headers, cookie: ceremony },
    })
    await verified.arrayBuffer()
    if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`)
    return performance.now() - started
  },
}

async function runFlow(flow: keyof typeof flows): Promise<RunResult> {
  const flowMs: number[] = []
  const verifyMs: number[] = []
  let errors = 0
  let firstError: string | undefined
  const end = performance.now() + options.seconds * 1000
  const started = performance.now()
  let begun = 0
  const limit = options.flowLimit ?? Number.POSITIVE_INFINITY
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < end && begun < limit) {
        begun += 1
        const begin = performance.now()
        try {
          verifyMs.push(await flows[flow](nextIp()))
          flowMs.push(performance.now() - begin)
        } catch (error) {
          errors += 1
          firstError ??= (error as Error).message
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return {
    flow,
    concurrency: options.concurrency,
    seconds,
    flows: flowMs.length,
    errors,
    flowMs: percentiles(flowMs),
    verifyMs: percentiles(verifyMs),
    firstError,
  }
}

async function runSessionCheck(flow: 'session-page' | 'session-json' | 'peer-session-json'): Promise<RunResult> {
  const peer = flow === 'peer-session-json'
  const cookie = peer ? (await peerSignIn(nextIp())).cookie : `portal.session=${setup.sessions[0]}`
  const result = await autocannon({
    url: `${options.base}${peer ? '/api/auth/get-session' : flow === 'session-page' ? '/account' : '/api/session'}`,
    connections: options.concurrency,
    duration: options.seconds,
    headers: { cookie, 'x-forwarded-for': nextIp() },
  })
  const errors = result.errors + result.non2xx
  // autocannon reports p90 and p99 (not p95): p90 stands in the p95 column, marked in the results.
  const latency = { p50: result.latency.p50, p95: result.latency.p90, p99: result.latency.p99 }
  return { flow, concurrency: options.concurrency, seconds: options.seconds, flows: result.requests.total - errors, errors, flowMs: latency, verifyMs: latency }
}

const setups = new Map<string, Setup>()
for await (const line of createInterface({ input: process.stdin })) {
  options = JSON.parse(line) as Options
  if (!setups.has(options.setupFile)) setups.set(options.setupFile, JSON.parse(readFileSync(options.setupFile, 'utf8')) as Setup)
  setup = setups.get(options.setupFile)!
  userCursor = options.userOffset
  const result =
    options.flow === 'session-page' || options.flow === 'session-json' || options.flow === 'peer-session-json'
      ? await runSessionCheck(options.flow)
      : await runFlow(options.flow)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
process.exit(0)
