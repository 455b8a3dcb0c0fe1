import { NextResponse, type NextRequest } from 'next/server'
import { env } from '@/lib/env'
import { classifyActionRequest } from '@/lib/web/action-request'
import { contentSecurityPolicy, newNonce } from '@/lib/web/security-headers'

/** Same limit as serverActions.bodySizeLimit in next.config.ts. */
const MAX_BODY_BYTES = 100 * 1024

function plainAnswer(status: number, message: string) {
  return new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' } })
}

/** The same rule Next.js applies to server actions: an Origin, when sent, names this host. */
function fromThisSite(request: NextRequest): boolean {
  const origin = request.headers.get('origin')
  if (origin === null) return true
  if (!URL.canParse(origin)) return false
  const { host } = new URL(origin)
  return host === request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || host === request.headers.get('host')
}

const tooLarge = () => plainAnswer(413, 'This form was too large to send. Go back and try again with less text.')

/** Every request: refuse what must not reach a server action, then add the security headers. */
export async function proxy(request: NextRequest) {
  return (await refusedActionRequest(request)) ?? withSecurityHeaders(request)
}

/** The JSON route handlers under /api/ (an unknown /api/ path renders the not-found page, with scripts). */
const isJsonRoute = (pathname: string) => pathname === '/api/session' || pathname.startsWith('/api/passkeys/') || pathname.startsWith('/api/webhooks/')

/**
 * Every response gets a Content-Security-Policy with its own nonce; the
 * policy is also set on the request, where Next.js reads the nonce for the
 * scripts it renders. The JSON route handlers render no scripts, so their
 * request is passed on as it came, without copying and overriding its
 * headers. HSTS is set by the portal's server on every answer
 * (scripts/server.ts).
 */
function withSecurityHeaders(request: NextRequest): NextResponse {
  const { nodeEnv, secureCookies: https } = env()
  const policy = contentSecurityPolicy(newNonce(), { development: nodeEnv === 'development', https })
  if (isJsonRoute(request.nextUrl.pathname)) {
    const response = NextResponse.next()
    response.headers.set('Content-Security-Policy', policy)
    return response
  }
  const headers = new Headers(request.headers)
  headers.set('content-security-policy', policy)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('Content-Security-Policy', policy)
  return response
}

/**
 * Guards server action requests before Next.js decodes them: a form posted
 * from another site gets 403 (Next.js would refuse it too, but as a 500 with
 * a stack trace, or throw on an Origin it cannot parse), bodies over the
 * limit get 413 (Next.js would answer its own limit with a 500 page), and
 * bodies that are not the plain shapes our forms send get 400 (see
 * lib/web/action-request.ts). Authorization is not checked here: pages and
 * actions check it where they read data.
 */
async function refusedActionRequest(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== 'POST') return null
  const nextAction = request.headers.get('next-action')
  const multipart = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
  if (nextAction === null && !multipart) return null
  if (!fromThisSite(request)) {
    console.warn(`Refused a form posted from another site to ${request.nextUrl.pathname} (403)`)
    return plainAnswer(403, 'This form was sent from another site. Open the page on this site and try again.')
  }
  if (Number(request.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) return tooLarge()
  // Next.js buffers the body for the proxy, so reading a clone leaves it for the action.
  const body = await request.clone().arrayBuffer()
  if (body.byteLength > MAX_BODY_BYTES) return tooLarge()
  let form: FormData | null = null
  if (multipart) {
    try {
      form = await new Response(body, { headers: { 'Content-Type': request.headers.get('content-type')! } }).formData()
    } catch {
      return plainAnswer(400, 'This form could not be read. Reload the page and try again.')
    }
  }
  const verdict = classifyActionRequest({ nextAction, form, text: form ? null : new TextDecoder().decode(body) })
  if (verdict === 'refused') return plainAnswer(400, 'This form could not be read. Reload the page and try again.')
  return null
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
