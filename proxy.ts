import { NextResponse, type NextRequest } from 'next/server'

/** Same limit as serverActions.bodySizeLimit in next.config.ts. */
const MAX_BODY_BYTES = 100 * 1024

/**
 * Refuses oversized POST bodies up front with 413, before any action parses
 * them (Next.js would otherwise answer its own limit with a 500 page).
 * Authorization is not checked here: pages and actions check it where they read data.
 */
export function proxy(request: NextRequest) {
  const length = Number(request.headers.get('content-length') ?? '0')
  if (request.method === 'POST' && length > MAX_BODY_BYTES) {
    return new NextResponse('This form was too large to send. Go back and try again with less text.', {
      status: 413,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
    })
  }
  return NextResponse.next()
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
