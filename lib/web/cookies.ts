import { env } from '../env'

/**
 * The one way the portal makes a cookie: HTTP-only and Path=/, and on HTTPS
 * Secure with a __Host- name, which the browser accepts only with Secure,
 * Path=/ and no Domain, so no other host or path can set or shadow it.
 * SameSite is Lax unless a cookie needs Strict.
 */
export function portalCookie(name: string, options: { maxAge?: number; sameSite?: 'lax' | 'strict' } = {}) {
  const secure = env().secureCookies
  return {
    name: secure ? `__Host-${name}` : name,
    options: {
      httpOnly: true,
      sameSite: options.sameSite ?? ('lax' as const),
      path: '/',
      secure,
      ...(options.maxAge === undefined ? {} : { maxAge: options.maxAge }),
    },
  }
}
