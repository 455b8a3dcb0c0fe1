import 'server-only'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { env } from '../env'
import { errorFields, log } from '../ops/log'
import { isDatabaseUnreachable } from '../ops/database-fault'
import { oidcEndpointOf } from './endpoints'
import { answerInteraction, isInteractionPath, PAGE_CSP } from './interaction'
import { oidcProvider } from './provider'
import { errorPage, headerReader, pageTranslator } from './pages'

const requestIdOf = (request: IncomingMessage) => (typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : undefined)

/** The paths the portal's server hands to the provider instead of Next.js (ADR 19). */
export function isOidcPath(pathname: string): boolean {
  return pathname === '/.well-known/openid-configuration' || pathname.startsWith('/oidc/') || isActivatePath(pathname)
}

/** The device code page (RFC 8628 §3.3) and its return, in any spelling the provider's router accepts (./endpoints.ts). */
function isActivatePath(pathname: string): boolean {
  return oidcEndpointOf(pathname) === 'code_verification'
}

/**
 * Answers a request for the provider. Next.js's own requests for these paths
 * (the fetch of an action's redirect target from the loopback listener, and
 * the router's RSC fetches, which carry `RSC: 1`) get an empty non-RSC
 * answer without touching the provider: they would otherwise finish an
 * interaction on the person's behalf. Next.js then navigates the browser to
 * the path for real.
 */
export async function answerOidc(request: IncomingMessage, response: ServerResponse, internal: boolean): Promise<void> {
  if (internal || request.headers.rsc !== undefined) {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end()
    return
  }
  // The provider builds its URLs from the request: fix host and protocol from APP_URL, whatever the client sent.
  const app = new URL(env().appUrl)
  request.headers.host = app.host
  request.headers['x-forwarded-host'] = app.host
  request.headers['x-forwarded-proto'] = app.protocol.slice(0, -1)
  response.setHeader('X-Content-Type-Options', 'nosniff')
  response.setHeader('X-Frame-Options', 'DENY')
  response.setHeader('Referrer-Policy', 'no-referrer')
  response.setHeader('Content-Security-Policy', PAGE_CSP)
  const pathname = (request.url ?? '/').split('?')[0]!
  try {
    // The provider's endpoints are rate-limited by its first middleware, on the path its router sees (lib/oidc/limit-requests.ts).
    if (isInteractionPath(pathname)) await answerInteraction(request, response)
    else await (await oidcProvider()).callback()(request, response)
  } catch (error) {
    const unavailable = isDatabaseUnreachable(error)
    if (!unavailable) log().error(errorFields(error), 'The OpenID Connect request could not be answered')
    if (response.headersSent) return void response.end()
    response
      .writeHead(unavailable ? 503 : 500, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(
        errorPage(pageTranslator(headerReader(request.headers)), env().appName, unavailable ? 'temporarily_unavailable' : 'server_error', requestIdOf(request)),
      )
  }
}
