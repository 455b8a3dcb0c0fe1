import type { GuardRefusal } from '../auth/dal'
import { env } from '../env'

/** Text produced piece by piece, as a response body that is read only as fast as the client takes it. */
export function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await iterator.return?.(undefined)
    },
  })
}

/** A file for the browser to save: never cached, never sniffed as something else. */
export function downloadResponse(body: string | ReadableStream<Uint8Array>, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** A browser that may not download: a signed-out one goes to sign in and comes back to the page that offers the file. */
export function downloadRefusal(refusal: GuardRefusal, returnTo: string): Response {
  if (refusal === 'not_found') return new Response('Not found', { status: 404 })
  if (refusal === 'signed_in') return Response.redirect(new URL('/account', env().appUrl), 303)
  if (refusal === 'enrolment_required') return Response.redirect(new URL('/account/enroll', env().appUrl), 303)
  return Response.redirect(new URL(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, env().appUrl), 303)
}
