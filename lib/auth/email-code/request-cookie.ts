import { env } from '../../env'
import { CODE_VALID_MINUTES, type ChallengePurpose } from './challenge'

/**
 * Identifies the browser that asked for an emailed code: a random secret
 * whose hash is the challenge id, one cookie per purpose so flows don't end
 * each other. HTTP-only, so page scripts cannot read it; SameSite=Lax, so it
 * comes along when a sign-in link is opened in this browser but not on other
 * sites' requests.
 */
export function signInRequestCookie(purpose: ChallengePurpose = 'sign_in') {
  const secure = env().secureCookies
  const name = purpose === 'sign_in' ? 'portal.sign-in' : `portal.${purpose.replace('_', '-')}`
  return {
    name: secure ? `__Host-${name}` : name,
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: (CODE_VALID_MINUTES + 5) * 60 },
  }
}
