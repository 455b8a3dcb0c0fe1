import { portalCookie } from '../../web/cookies'
import { CODE_VALID_MINUTES } from './challenge'
import type { ChallengePurpose } from './purpose'

/**
 * Identifies the browser that asked for an emailed code: a random secret
 * whose hash is the challenge id, one cookie per purpose so flows don't end
 * each other. HTTP-only, so page scripts cannot read it; SameSite=Lax, so it
 * comes along when a sign-in link is opened in this browser but not on other
 * sites' requests.
 */
export function signInRequestCookie(purpose: ChallengePurpose = 'sign_in') {
  const name = purpose === 'sign_in' ? 'portal.sign-in' : `portal.${purpose.replace('_', '-')}`
  return portalCookie(name, { maxAge: (CODE_VALID_MINUTES + 5) * 60 })
}
