import { NextResponse, type NextRequest } from 'next/server'
import { classifyActionRequest } from '@/lib/http/action-request'

/** Same limit as serverActions.bodySizeLimit in next.config.ts. */
const MAX_BODY_BYTES = 100 * 1024

function plainAnswer(status: number, message: string) {
  return new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' } })
}

const tooLarge = () => plainAnswer(413, 'This form was too large to send. Go back and try again with less text.')

/**
 * Guards server action requests before Next.js decodes them: bodies over the
 * limit get 413 (Next.js would answer its own limit with a 500 page), and
 * bodies that are not the plain shapes our forms send get 400 (see
 * lib/http/action-request.ts). Authorization is not checked here: pages and
 * actions check it where they read data.
 */
export async function proxy(request: NextRequest) {
  if (request.method !== 'POST') return NextResponse.next()
  if (Number(request.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) return tooLarge()
  const nextAction = request.headers.get('next-action')
  const multipart = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
  if (nextAction === null && !multipart) return NextResponse.next()
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
  return NextResponse.next()
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
