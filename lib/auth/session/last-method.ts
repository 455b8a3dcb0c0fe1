import 'server-only'
import type { CookieJar } from '../../use-case'
import { portalCookie } from '../../web/cookies'
import type { SignInMethod } from './store'

/** How this browser last signed in, as the sign-in page leads with it. */
export type LastMethod = 'passkey' | 'email'

const LAST_METHODS: readonly LastMethod[] = ['passkey', 'email']

/**
 * Remembers how this browser last signed in, so its sign-in page leads with
 * that method and fewer people fall back to email out of habit. The cookie
 * holds the method only: no address and no account, so it tells nobody who
 * signed in here, and the page says the same whatever address is typed.
 */
export function lastMethodCookie() {
  return portalCookie('portal.last-method', { maxAge: 400 * 24 * 60 * 60 })
}

/** The method the page names for a sign-in method; none for recovery, invitations, demo presses and test fixtures. */
export function lastMethodOf(method: SignInMethod): LastMethod | null {
  if (method === 'passkey') return 'passkey'
  if (method === 'email_code' || method === 'magic_link') return 'email'
  return null
}

export function parseLastMethod(value: string | undefined): LastMethod | null {
  return LAST_METHODS.find((method) => method === value) ?? null
}

/** Sets the cookie after a sign-in; a cookie write, never a statement. */
export function rememberLastMethod(jar: CookieJar, method: SignInMethod): void {
  const last = lastMethodOf(method)
  if (!last) return
  const cookie = lastMethodCookie()
  jar.set(cookie.name, last, cookie.options)
}
