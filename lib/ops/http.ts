import { randomUUID, timingSafeEqual, createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { preferencesFromHeaders } from '../i18n/preferences'
import { translatorFor } from '../i18n/translator'
import type { RequestScope } from './request-scope'

/**
 * What the portal's server (scripts/server.ts) does around Next.js for each
 * request: its id, its route pattern for the metrics, /metrics itself, and
 * the 503 page when the database could not be reached.
 */

export const REQUEST_ID_HEADER = 'x-request-id'

/** An incoming X-Request-Id from a proxy is kept when it is a plain token; anything else is replaced. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID()
}

type RoutePattern = { page: string; regex: RegExp }

/** The build's route patterns (.next/routes-manifest.json): labels come from this closed list, never from the URL. */
export function loadRoutePatterns(directory = process.cwd()): { exact: Map<string, string>; dynamic: RoutePattern[] } {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, '.next', 'routes-manifest.json'), 'utf8')) as {
      staticRoutes: { page: string }[]
      dynamicRoutes: { page: string; regex: string }[]
    }
    return {
      exact: new Map(manifest.staticRoutes.map((route) => [route.page, route.page])),
      dynamic: manifest.dynamicRoutes.map((route) => ({ page: route.page, regex: new RegExp(route.regex) })),
    }
  } catch {
    return { exact: new Map(), dynamic: [] }
  }
}

export function routeLabel(pathname: string, routes: ReturnType<typeof loadRoutePatterns>): string {
  if (pathname.startsWith('/_next/')) return '/_next'
  if (pathname.startsWith('/oidc/')) return oidcRouteLabel(pathname)
  if (pathname === '/.well-known/openid-configuration') return pathname
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  const exact = routes.exact.get(path)
  if (exact) return exact
  return routes.dynamic.find((route) => route.regex.test(pathname))?.page ?? 'unmatched'
}

/** The provider's endpoints, with interaction and resume ids as placeholders. */
function oidcRouteLabel(pathname: string): string {
  if (/^\/oidc\/interaction\/[^/]+\/consent$/.test(pathname)) return '/oidc/interaction/[uid]/consent'
  if (/^\/oidc\/interaction\/[^/]+$/.test(pathname)) return '/oidc/interaction/[uid]'
  if (/^\/oidc\/auth\/[^/]+$/.test(pathname)) return '/oidc/auth/[uid]'
  const known = [
    '/oidc/auth',
    '/oidc/token',
    '/oidc/userinfo',
    '/oidc/jwks',
    '/oidc/token/revocation',
    '/oidc/session/end',
    '/oidc/session/end/confirm',
    '/oidc/session/end/success',
    '/oidc/par',
  ]
  return known.includes(pathname) ? pathname : '/oidc/*'
}

/** A response's status class for the metrics' labels: 2xx, 3xx, 4xx, 5xx. */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`

/**
 * Whether a /metrics request may read the metrics: with METRICS_TOKEN, it must
 * send it as a bearer token (compared in constant time); without one, the
 * endpoint is off.
 */
export function metricsAllowed(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return false
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(token))
}

/** Server actions are POSTs with this header; their bodies are React's, so a 503 keeps the body and changes the status. */
const isServerAction = (request: IncomingMessage) => request.method === 'POST' && typeof request.headers['next-action'] === 'string'

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/**
 * Our own error page, in the language the request asks for (the switcher's
 * cookie or Accept-Language: lib/i18n/preferences.ts). The session is not
 * read: the database may be the reason for the page.
 */
function errorPage(kind: 'unavailable' | 'failed', appName: string, requestId: string, request: IncomingMessage): string {
  const { t, locale, dir } = translatorFor(
    preferencesFromHeaders((name) => {
      const value = request.headers[name]
      return typeof value === 'string' ? value : null
    }).locale,
    'UTC',
  )
  const text = (key: 'title' | 'heading' | 'body') => escape(t(`demo.outage.${kind}.${key}`))
  const reference = t.markup('demo.outage.reference', { id: escape(requestId), code: (chunks) => `<code translate="no">${chunks}</code>` })
  return `<!doctype html>
<html lang="${locale}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${text('title')} · ${escape(appName)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#fafafa;color:#18181b;line-height:1.5}
main{max-width:32rem;margin:0 auto}
h1{font-size:1.5rem;margin:0 0 1rem}
code{font-size:.95em;word-break:break-all}
a{color:#1d4ed8}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}a{color:#93c5fd}}
</style>
</head>
<body>
<main>
<h1>${text('heading')}</h1>
<p>${text('body')}</p>
<p><a href="">${escape(t('demo.outage.retry'))}</a></p>
<p>${reference}</p>
</main>
</body>
</html>
`
}

/**
 * A page that fails gets our own error page with the request id to quote;
 * when the database could not be reached, it is a 503 that says nothing was
 * changed. A server action keeps its typed error state with the status
 * changed to 503, and a JSON route its own answer. Security headers already
 * set stay; no cookie is set by a request that failed.
 */
export function answerErrorPages(request: IncomingMessage, response: ServerResponse, scope: RequestScope, appName: string): void {
  const writeHead = response.writeHead.bind(response) as (status: number, ...rest: unknown[]) => ServerResponse
  const end = response.end.bind(response)
  response.writeHead = ((status: number, ...rest: unknown[]) => {
    const action = isServerAction(request)
    if (response.headersSent || (status < 500 && !(action && scope.databaseUnavailable))) return writeHead(status, ...rest)
    if (action && !scope.databaseUnavailable) return writeHead(status, ...rest)
    response.removeHeader('set-cookie')
    if (scope.databaseUnavailable) response.setHeader('Retry-After', '60')
    response.setHeader('Cache-Control', 'no-store')
    const headers = rest.find((value): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value))
    if (headers) for (const name of Object.keys(headers)) if (name.toLowerCase() === 'set-cookie') delete headers[name]
    const contentType = String(response.getHeader('content-type') ?? headers?.['content-type'] ?? headers?.['Content-Type'] ?? '')
    const page = contentType === '' || contentType.startsWith('text/html') || contentType.startsWith('text/x-component')
    // A server action's typed error state, and a route's own answer (JSON, SCIM), are kept as they are.
    if (action || !page) return writeHead(scope.databaseUnavailable ? 503 : status, ...rest)
    // The page is ours: what Next.js writes after this is dropped.
    const body = errorPage(scope.databaseUnavailable ? 'unavailable' : 'failed', appName, scope.requestId, request)
    response.removeHeader('content-length')
    response.removeHeader('content-encoding')
    response.removeHeader('vary')
    response.setHeader('Content-Type', 'text/html; charset=utf-8')
    writeHead(scope.databaseUnavailable ? 503 : 500)
    end(body)
    response.write = ((_chunk: unknown, ...more: unknown[]) => {
      const callback = more.find((value) => typeof value === 'function') as (() => void) | undefined
      callback?.()
      return true
    }) as typeof response.write
    response.end = ((...more: unknown[]) => {
      const callback = more.find((value) => typeof value === 'function') as (() => void) | undefined
      callback?.()
      return response
    }) as typeof response.end
    return response
  }) as typeof response.writeHead
}
