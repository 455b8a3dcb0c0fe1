import { env } from '../env'
import { portalCookie } from '../web/cookies'

const YEAR = 365 * 24 * 60 * 60

/** The language picked with the switcher before signing in (a signed-in person's choice is saved on the account). */
export function localeCookie() {
  return portalCookie('locale', { maxAge: YEAR })
}

/**
 * The browser's own time zone, as its script reports it
 * (components/time-zone-cookie.tsx): one of the two portal cookies a script
 * writes (the other holds four bits of passkey capabilities), so not
 * HTTP-only; it holds a zone name and nothing else, and the server reads it
 * only through safeTimeZone().
 */
export function timeZoneCookieName(): string {
  return env().secureCookies ? '__Host-tz' : 'tz'
}
