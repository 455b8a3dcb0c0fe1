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

/** A signed-out browser asking for a download goes to sign in and comes back to the page that offers it. */
export function signInFirst(returnTo: string): Response {
  return Response.redirect(new URL(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, env().appUrl), 303)
}
