import 'server-only'
import type { IncomingMessage } from 'node:http'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { env } from '../env'
import { errorMessage } from '../errors'
import { isDatabaseUnreachable } from '../ops/database-fault'
import { requestContextOfIncoming } from '../web/incoming-context'
import { oidcEndpointOf, type OidcEndpoint } from './endpoints'
import { appAuthenticatesAt, countOidcFailure, countOidcRequest, failuresCountAt, type OidcCaller } from '../limits/oidc'
import { errorPage, pageTranslator } from './pages'
import { isWrongDeviceCode } from './device-flow'

type Context = KoaContextWithOIDC & { req: IncomingMessage & { body?: Buffer } }

/** oidc-provider's own cap on a request body (lib/shared/selective_body.js): the same here, so reading it first changes nothing. */
const MAX_BODY_BYTES = 56 * 1024

/** The endpoints a person's browser is sent to: refused with a page, not JSON. */
const BROWSER_ENDPOINTS = new Set<OidcEndpoint>(['authorization', 'resume', 'end_session', 'code_verification'])

/**
 * A device polling the token endpoint is told to wait (RFC 8628 §3.5) with a 400 that is no failure:
 * counting it would shut out the devices that share a network with it.
 */
const WAITING = new Set(['authorization_pending', 'slow_down'])
const isWaiting = (body: unknown) => typeof body === 'object' && body !== null && WAITING.has(String((body as { error?: unknown }).error))

/**
 * The client_id of an HTTP Basic Authorization header (RFC 6749 §2.3.1:
 * the id is form-encoded before it is joined to the secret), or null.
 */
function basicClientId(header: string | undefined): string | null {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!match) return null
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const id = decoded.slice(0, Math.max(decoded.indexOf(':'), 0))
  try {
    return decodeURIComponent(id.replaceAll('+', ' ')) || null
  } catch {
    return id || null
  }
}

/**
 * Reads a form body so its client_id can be counted, and hands it on to the
 * provider, which reads `req.body` when an earlier step has taken the stream
 * (it logs once that it did). Null when the body is too large or its size
 * does not match Content-Length, as the provider would refuse it.
 */
async function readForm(ctx: Context): Promise<URLSearchParams | null> {
  const declared = ctx.request.length
  if (declared !== undefined && declared > MAX_BODY_BYTES) return null
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received > MAX_BODY_BYTES) return null
    chunks.push(chunk)
  }
  if (declared !== undefined && received !== declared) return null
  // As a Buffer, which the provider parses as it parses a body it reads itself.
  ctx.req.body = Buffer.concat(chunks)
  return new URLSearchParams(ctx.req.body.toString('utf8'))
}

/** The app a request names: Basic credentials, then the form body (where apps authenticate), then the query. */
async function clientIdOf(ctx: Context, endpoint: OidcEndpoint): Promise<string | null | 'unreadable'> {
  const fromHeader = basicClientId(ctx.get('authorization'))
  if (fromHeader) return fromHeader
  if (appAuthenticatesAt(endpoint) && ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded') && ctx.req.readable) {
    const form = await readForm(ctx)
    if (!form) return 'unreadable'
    const fromBody = form.get('client_id')
    if (fromBody) return fromBody
  }
  const fromQuery = new URLSearchParams(ctx.querystring).get('client_id')
  return fromQuery || null
}

/** The reader of a refusal page: the request's language, or the app's ui_locales (the provider has not read its parameters yet). */
const readerOf = (ctx: Context) => pageTranslator((name) => ctx.get(name) || null, { uiLocales: new URLSearchParams(ctx.querystring).get('ui_locales') })

function unavailable(ctx: Context, endpoint: OidcEndpoint): void {
  ctx.status = 503
  ctx.set('Cache-Control', 'no-store')
  if (BROWSER_ENDPOINTS.has(endpoint)) {
    ctx.type = 'html'
    ctx.body = errorPage(readerOf(ctx), env().appName, 'temporarily_unavailable', ctx.get('x-request-id') || undefined)
  } else {
    ctx.body = { error: 'temporarily_unavailable', error_description: 'The service is unavailable for a moment. Try again shortly.' }
  }
}

function refuse(ctx: Context, endpoint: OidcEndpoint, retryAt: Date): void {
  ctx.status = 429
  ctx.set('Retry-After', String(Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))))
  ctx.set('Cache-Control', 'no-store')
  if (BROWSER_ENDPOINTS.has(endpoint)) {
    ctx.type = 'html'
    const reader = readerOf(ctx)
    ctx.body = errorPage(reader, env().appName, 'rate_limited', ctx.get('x-request-id') || undefined, errorMessage('rate_limited_oidc', {}, reader.t))
    return
  }
  // RFC 6749 §5.2's error format; temporarily_unavailable is OAuth's registered word for "not now" (§4.1.2.1).
  ctx.body = {
    error: 'temporarily_unavailable',
    error_description: 'Too many requests from this network or app. Try again after the number of seconds in Retry-After.',
  }
}

/**
 * The provider's first middleware (before its router): counts each request
 * against the limits of the endpoint its path reaches (lib/limits/oidc.ts),
 * refuses it with 429 once they are used up, and counts the failures of the
 * endpoints where apps authenticate once the provider has answered.
 */
export async function limitOidcRequests(ctx: Context, next: () => Promise<void>): Promise<void> {
  const endpoint = oidcEndpointOf(ctx.path)
  const context = requestContextOfIncoming(ctx.req)
  let caller: OidcCaller = { endpoint, context, clientId: null }
  try {
    // The network first: a refused network costs no body read and no more counting.
    const refusedNetwork = await countOidcRequest(caller, 'network')
    if (refusedNetwork) return refuse(ctx, endpoint, refusedNetwork)
    const named = await clientIdOf(ctx, endpoint)
    if (named === 'unreadable') {
      ctx.status = 400
      ctx.body = { error: 'invalid_request', error_description: 'failed to parse the request body' }
      return await countOidcFailure(caller)
    }
    caller = { ...caller, clientId: named }
    const refusedApp = named ? await countOidcRequest(caller, 'app') : null
    if (refusedApp) return refuse(ctx, endpoint, refusedApp)
  } catch (error) {
    // The counters live in the database: without it the provider could not answer either.
    if (!isDatabaseUnreachable(error)) throw error
    return unavailable(ctx, endpoint)
  }
  await next()
  if (!failuresCountAt(endpoint) || (ctx.status !== 400 && ctx.status !== 401) || isWaiting(ctx.body)) return
  // On the code page only a code typed wrong counts, not a form without its cookie (./device-flow.ts marks it).
  if (endpoint === 'code_verification' && !isWrongDeviceCode(ctx)) return
  // The answer is already decided; a database that went away meanwhile only costs this one count.
  await countOidcFailure(caller).catch((error: unknown) => {
    if (!isDatabaseUnreachable(error)) throw error
  })
}
