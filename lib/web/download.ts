import type { GuardRefusal } from '../auth/dal'
import { env } from '../env'

/** A file for the browser to save: never cached, never sniffed as something else. */
export function downloadResponse(body: string, filename: string, contentType: string): Response {
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
