/**
 * The Content-Security-Policy of every response: scripts only with this
 * response's nonce (Next.js adds it to its own scripts when it finds the
 * policy on the request) and what they load ('strict-dynamic'); never inline
 * script without the nonce, no plugins, no <base>, forms only to this site,
 * and no framing by anyone. Styles may be inline (React style attributes,
 * the HTML of emails in the demo mailbox); images may be data: URIs (passkey
 * provider icons).
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; https: boolean }): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])]
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/** Two years, subdomains included: sent only when the portal is served over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains'

/** 128 random bits for one response's nonce. */
export function newNonce(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return btoa(String.fromCharCode(...bytes))
}
