import { env } from '../env'

/**
 * The session cookie: HTTP-only, SameSite=Lax, and on HTTPS a __Host- name,
 * which the browser accepts only with Secure, Path=/ and no Domain.
 */
export function sessionCookie() {
  const secure = env().secureCookies
  return {
    name: secure ? '__Host-portal.session' : 'portal.session',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  }
}
