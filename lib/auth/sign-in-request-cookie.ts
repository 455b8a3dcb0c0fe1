import { env } from '../env'
import { CODE_VALID_MINUTES } from './email-sign-in'

/**
 * Identifies the browser that asked for an email sign-in: a random secret
 * whose hash is the challenge id. HTTP-only, so page scripts cannot read it;
 * SameSite=Lax, so it comes along when the email link is opened in this
 * browser but not on other sites' requests.
 */
export function signInRequestCookie() {
  const secure = env().secureCookies
  return {
    name: secure ? '__Host-portal.sign-in' : 'portal.sign-in',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: (CODE_VALID_MINUTES + 5) * 60 },
  }
}
