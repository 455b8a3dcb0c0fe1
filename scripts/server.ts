import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { Server as NetServer, isIP, type AddressInfo } from 'node:net'
import next from 'next'
import { attachClientAddress } from '../lib/web/client-address'
import { answerBenchProbe } from './bench-probe'
import { EnvError, env } from '../lib/env'
import { errorFields, log, routeConsoleToLog } from '../lib/ops/log'
import { metrics } from '../lib/ops/metrics'
import { REQUEST_ID_HEADER, answerErrorPages, loadRoutePatterns, metricsAllowed, requestIdFor, routeLabel, statusClass } from '../lib/ops/http'
import { runInRequestScope, type RequestScope } from '../lib/ops/request-scope'
import { answerOidc, isOidcPath } from '../lib/oidc/http'
import { STRICT_TRANSPORT_SECURITY } from '../lib/web/security-headers'
import { beginShutdown, runShutdownHooks } from '../lib/ops/shutdown'
import { loadProjectEnv } from './load-env'

/**
 * The portal's HTTP server: Next.js behind a thin Node server of our own, so
 * the app learns the client's address from the connection itself. `next
 * start` keeps a client's X-Forwarded-For as it came, which would let a client
 * choose its own address for rate limits and the history. It also gives each
 * request its id, log line and metrics, serves /metrics, answers 503 when the
 * database cannot be reached, and shuts down gracefully on SIGTERM.
 * `npm run build` bundles it into .next/portal-server.mjs, which `npm start`
 * runs with plain node; `npm run dev` runs this file through tsx with --dev.
 */
const dev = process.argv.includes('--dev')
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production') })
loadProjectEnv()

let config: ReturnType<typeof env>
try {
  config = env()
} catch (error) {
  if (!(error instanceof EnvError)) throw error
  console.error(error.message)
  process.exit(1)
}
routeConsoleToLog()
const logger = log()

const { port, host, trustedProxyHops, shutdownGraceSeconds, metricsToken } = config.server
const loopback = host !== undefined && (host === 'localhost' || host.startsWith('127.') || host === '::1')

answerBenchProbe()
const app = next({ dev, hostname: host && isIP(host) !== 6 ? host : 'localhost', port })
const handle = app.getRequestHandler()
await app.prepare()
const routes = loadRoutePatterns()

let stopping = false
let inFlight = 0

function answer(request: IncomingMessage, response: ServerResponse, internal = false): void {
  const started = process.hrtime.bigint()
  const scope: RequestScope = { requestId: requestIdFor(request), userId: null, databaseUnavailable: false }
  const pathname = (request.url ?? '/').split('?')[0]!
  const route = pathname === '/metrics' ? '/metrics' : routeLabel(pathname, routes)
  request.headers[REQUEST_ID_HEADER] = scope.requestId
  response.setHeader('X-Request-Id', scope.requestId)
  // Here, not in proxy.ts, so that every answer carries it: static files and the OpenID provider's paths never reach the proxy.
  if (config.secureCookies) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
  // Once shutting down, each connection closes after its response, so keep-alive clients move to another instance.
  if (stopping) response.setHeader('Connection', 'close')
  inFlight += 1
  let counted = false
  const done = () => {
    if (counted) return
    counted = true
    inFlight -= 1
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const status = response.writableFinished ? response.statusCode : 499
    metrics().httpRequestDuration.observe({ route, method: request.method ?? 'GET', status: statusClass(status) }, seconds)
    if (scope.databaseUnavailable) metrics().databaseUnavailable.inc()
    logger.info(
      {
        requestId: scope.requestId,
        method: request.method,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        userId: scope.userId ?? undefined,
        // Next.js's own fetch of an action's redirect target, not a client's request.
        internal: internal || undefined,
      },
      'request',
    )
  }
  response.once('finish', done)
  response.once('close', done)

  if (pathname === '/metrics') {
    void serveMetrics(request, response)
    return
  }
  attachClientAddress(request, trustedProxyHops, config.authSecret)
  if (isOidcPath(pathname)) {
    runInRequestScope(scope, () => void answerOidc(request, response, internal))
    return
  }
  answerErrorPages(request, response, scope, config.appName)
  runInRequestScope(scope, () => {
    handle(request, response).catch((error: unknown) => {
      logger.error(errorFields(error), 'The request could not be answered')
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
}

async function serveMetrics(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' || !metricsAllowed(request, metricsToken)) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found\n')
    return
  }
  const registry = metrics().registry
  response.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(await registry.metrics())
}

const server = createServer(answer)
// Next.js fetches a server action's redirect target from itself; it does so on a loopback listener of its
// own, which stays open while the public one drains on shutdown (docs/decisions/0018-operations.md).
const internal = createServer((request, response) => answer(request, response, true))
await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve))
process.env.__NEXT_PRIVATE_ORIGIN = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`

server.once('error', (error) => {
  logger.fatal(errorFields(error), `${config.appName} cannot listen on port ${port}`)
  process.exit(1)
})
server.listen(port, host, () => {
  const mode = dev ? 'development' : 'production'
  logger.info(
    { port, host: host ?? 'every interface', mode, trustedProxyHops },
    `${config.appName} is listening on ${host ?? 'every interface'}, port ${port} (${mode}; trusted proxy hops: ${trustedProxyHops})`,
  )
  if (config.demoMode) {
    logger.warn(
      { host: host ?? 'every interface' },
      loopback
        ? 'DEMO MODE: every email, code and sign-in link is shown at /dev/mailbox. It listens on this machine only (set HOST to change that). Never run demo mode with real accounts or on a shared network.'
        : 'DEMO MODE: every email, code and sign-in link is shown at /dev/mailbox, and ANYONE WHO CAN REACH THIS SERVER CAN SIGN IN AS ANY ACCOUNT. Never run demo mode with real accounts or on a shared network.',
    )
  }
})

const closeListener = (listener: Server) => new Promise<void>((resolve) => listener.close(() => resolve()))

/**
 * Stops accepting connections, lets the open ones finish their requests, and
 * resolves once every one has ended or the grace period is over.
 * http.Server#close would end idle connections at once, and a connection
 * accepted a moment ago whose request is not parsed yet counts as idle: its
 * client would get a reset. So the listener is closed as a plain net.Server,
 * and idle connections are ended only once nothing has been under way for a
 * second (responses meanwhile say Connection: close).
 */
async function drain(listener: Server, graceSeconds: number): Promise<void> {
  let closed = false
  const allEnded = new Promise<void>((resolve) => NetServer.prototype.close.call(listener, () => resolve())).then(() => (closed = true))
  const deadline = Date.now() + graceSeconds * 1000
  let quietSince = Date.now()
  while (!closed) {
    if (Date.now() >= deadline) {
      logger.warn({ inFlight }, 'The grace period ended with requests under way; closing their connections')
      listener.closeAllConnections()
      break
    }
    if (inFlight > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= 1_000) listener.closeIdleConnections()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await allEnded
}

/**
 * SIGTERM: stop accepting connections, let the requests under way finish (up
 * to SHUTDOWN_GRACE), let Next.js finish its after-response work, then the
 * background work and the database pool (lib/ops/shutdown.ts), and exit 0.
 * What was still queued in the outbox is sent by the next instance.
 */
async function shutDown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  beginShutdown()
  logger.info({ signal, inFlight, graceSeconds: shutdownGraceSeconds }, 'Shutting down: finishing the requests under way')
  await drain(server, shutdownGraceSeconds)
  await app.close()
  internal.closeAllConnections()
  await closeListener(internal)
  for (const { name, error } of await runShutdownHooks()) logger.error({ hook: name, ...errorFields(error) }, 'A shutdown step failed')
  logger.info('Stopped')
  process.exit(0)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutDown(signal))
