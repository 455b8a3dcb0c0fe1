import { portalCookie } from '../../web/cookies'

/**
 * The session cookie: HTTP-only, SameSite=Lax, and on HTTPS a __Host- name,
 * which the browser accepts only with Secure, Path=/ and no Domain.
 */
export function sessionCookie() {
  return portalCookie('portal.session')
}
