import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { actionId } from '../e2e/support/server-actions'
import { softAuthenticationResponse, type SoftPasskey } from '../testing/soft-authenticator'
import { cookieFrom, getPage, mailboxReader, nextIp, percentiles, postAction, type Percentiles } from './load-http'

/**
 * Child process of `npm run bench:load` (pinned to its own core), one per
 * configuration: each line on stdin asks it to drive one flow against a
 * server at one concurrency for a while (or up to a number of flows), and it
 * answers each with one JSON line on stdout. Staying up saves starting Node
 * for every run. Multi-step sign-in flows run on Node's HTTP client (undici),
 * the way a browser would post the forms; the session checks are single
 * requests and run on autocannon.
 */
type Setup = {
  emailUsers: number[]
  passkeys: { userId: string; credentialId: string; privateKey: string }[]
  sessions: string[]
  /** The portal's signed cookie of a browser that signed in to the account before (ADR 11), by user id (bench/load-setup.ts). */
  knownBrowsers: Record<string, string>
}
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
export type Flow =
  | 'email-code'
  | 'magic-link'
  | 'passkey'
  | 'session-page'
  | 'session-json'
  | 'email-journey'
  | 'passkey-journey'
  | 'peer-email-code'
  | 'peer-session-json'
  | 'peer-email-journey'
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

/** The run being driven, and what it reads (set by each request on stdin). */
let options: Options
let setup: Setup

/** Posts a server action of the server being driven. */
const action = (path: string, id: string, fields: Record<string, string>, ip: string, cookie?: string) => postAction(options.base, path, id, fields, ip, cookie)
const cachedReader = (query: string) => mailboxReader(options.databaseUrl, query)

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
const nextEmailUser = () => setup.emailUsers[userCursor++ % setup.emailUsers.length]!
const emailOf = (n: number) => `scale-${n}@example.org`

/** Asks for the sign-in email, from a browser with `cookie` if given; returns the browser's request cookie and the email's text. */
async function requestEmail(ip: string, email = emailOf(nextEmailUser()), cookie?: string): Promise<{ email: string; cookie: string; text: string }> {
  const asked = await action('/sign-in', actionIds().request, { email, timeZone: 'UTC' }, ip, cookie)
  const signIn = cookieFrom(asked, 'portal.sign-in')
  if (!signIn) throw new Error(`request answered ${asked.status} without a sign-in cookie`)
  return { email, cookie: signIn, text: await latestSignInEmail(email) }
}

const loadPage = (path: string, ip: string, cookie?: string) => getPage(options.base, path, ip, cookie)

let journeys = 0
/**
 * The journeys' mix: four sign-ins in five come from a browser that signed in
 * to the account before (it holds the portal's known-browsers cookie, so no
 * new-sign-in notice), one from a new browser.
 */
function browserFor(userId: string): string | undefined {
  const returning = journeys++ % 5 !== 4
  const known = setup.knownBrowsers[userId]
  return returning && known ? `portal.known=${known}` : undefined
}
const cookies = (...values: (string | null | undefined)[]) => values.filter(Boolean).join('; ')

/** Better Auth's email-OTP sign-in, as its client calls it: send the OTP, then sign in with it. Returns the session cookie too. */
async function peerSignIn(ip: string): Promise<{ verifyMs: number; cookie: string }> {
  const email = emailOf(nextEmailUser())
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

type SignInFlow = Exclude<Flow, 'session-page' | 'session-json' | 'peer-session-json'>

/** Each sign-in flow, resolving with its last step's (the verify's) time in ms. */
const flows: Record<SignInFlow, (ip: string) => Promise<number>> = {
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
  passkey: (ip) => passkeySignIn(ip).then(({ verifyMs }) => verifyMs),
  async 'email-journey'(ip) {
    const n = nextEmailUser()
    const browser = browserFor(`scale-user-${n}`)
    await loadPage('/sign-in', ip, browser)
    const { cookie, text } = await requestEmail(ip, emailOf(n), browser)
    const code = text.match(/\b(\d{6})\b/)?.[1]
    if (!code) throw new Error('no code in the email')
    const started = performance.now()
    const verified = await action('/sign-in/check-email', actionIds().verify, { code }, ip, cookies(cookie, browser))
    const session = cookieFrom(verified, 'portal.session')
    if (!session) throw new Error(`verify answered ${verified.status} without a session`)
    const verifyMs = performance.now() - started
    await loadPage('/account', ip, session)
    return verifyMs
  },
  async 'passkey-journey'(ip) {
    const stored = setup.passkeys[userCursor % setup.passkeys.length]!
    const browser = browserFor(stored.userId)
    await loadPage('/sign-in', ip, browser)
    const { verifyMs, session } = await passkeySignIn(ip, browser)
    await loadPage('/account', ip, session)
    return verifyMs
  },
  async 'peer-email-journey'(ip) {
    await loadPage('/sign-in', ip)
    const { verifyMs, cookie } = await peerSignIn(ip)
    await loadPage('/account', ip, cookie)
    return verifyMs
  },
}

/** The passkey sign-in (options, the software authenticator, verify), from a browser with `browser`'s cookies if given. */
async function passkeySignIn(ip: string, browser?: string): Promise<{ verifyMs: number; session: string }> {
  const stored = setup.passkeys[userCursor++ % setup.passkeys.length]!
  const soft: SoftPasskey = {
    credentialId: stored.credentialId,
    userHandle: Buffer.from(stored.userId).toString('base64url'),
    publicKey: new Uint8Array(),
    privateKey: createPrivateKey(stored.privateKey),
    counter: 0,
  }
  const headers = { 'content-type': 'application/json', origin: options.base, 'x-forwarded-for': ip }
  const asked = await fetch(`${options.base}/api/passkeys/sign-in/options`, {
    method: 'POST',
    body: '{}',
    headers: { ...headers, ...(browser ? { cookie: browser } : {}) },
  })
  const ceremony = cookieFrom(asked, 'portal.webauthn')
  const { challenge } = (await asked.json()) as { challenge: string }
  if (!ceremony) throw new Error(`options answered ${asked.status} without a ceremony cookie`)
  const response = softAuthenticationResponse(soft, { challenge, origin: options.base, rpId: new URL(options.base).hostname })
  const started = performance.now()
  const verified = await fetch(`${options.base}/api/passkeys/sign-in/verify`, {
    method: 'POST',
    body: JSON.stringify({ response }),
    headers: { ...headers, cookie: cookies(ceremony, browser) },
  })
  await verified.arrayBuffer()
  const session = cookieFrom(verified, 'portal.session')
  if (verified.status !== 200 || !session) throw new Error(`verify answered ${verified.status}`)
  return { verifyMs: performance.now() - started, session }
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
  const firstError = errors ? `${result.non2xx} answers not 2xx, ${result.errors} failed requests` : undefined
  return {
    flow,
    concurrency: options.concurrency,
    seconds: options.seconds,
    flows: result.requests.total - errors,
    errors,
    flowMs: latency,
    verifyMs: latency,
    firstError,
  }
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
