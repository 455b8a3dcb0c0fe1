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

/**
 * The Set-Cookie that clears a portal cookie: its name and attributes, no
 * value, expired. A browser refuses any Set-Cookie for a __Host- name without
 * Secure and Path=/, a clearing one included, so Next.js's
 * cookies().delete(name), which sends no Secure, would leave the cookie in
 * place on HTTPS. Use as `jar.set(clearedCookie(cookie))`.
 */
export function clearedCookie(cookie: ReturnType<typeof portalCookie>) {
  return { name: cookie.name, value: '', ...cookie.options, maxAge: 0, expires: new Date(0) }
}

/** A cookie's value in a request's Cookie header, for requests answered outside Next.js (which reads cookies itself). */
export function cookieInHeader(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=')
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim())
      } catch {
        // A malformed escape is the sender's: no such cookie, not an error.
        return undefined
      }
    }
  }
  return undefined
}
