import { env } from '../env'
import { chooseTimeZone } from '../time-zone'
import { cookieInHeader } from '../web/cookies'
import { localeCookie, timeZoneCookieName } from './cookies'
import type { Locale } from './locales'
import { chooseLocale } from './negotiate'

export type Preferences = { locale: Locale; timeZone: string }

/**
 * The language and time zone a request asks for, from its headers alone:
 * the switcher's cookie or Accept-Language, and the browser's zone cookie.
 * A person's saved choices come first where they are known
 * (lib/i18n/reader.ts, recipientPreferences()).
 */
export function preferencesFromHeaders(header: (name: string) => string | null, saved?: { locale: string | null; timeZone: string | null }): Preferences {
  const cookies = header('cookie') ?? undefined
  const { defaultLocale, defaultTimeZone, pseudoLocale } = env()
  return {
    locale: chooseLocale({
      saved: saved?.locale,
      picked: cookieInHeader(cookies, localeCookie().name),
      acceptLanguage: header('accept-language'),
      fallback: defaultLocale,
      pseudo: pseudoLocale,
    }),
    timeZone: chooseTimeZone({ saved: saved?.timeZone, browser: cookieInHeader(cookies, timeZoneCookieName()), fallback: defaultTimeZone }),
  }
}

/**
 * Whom an email or notice is written for: the recipient's saved language and
 * zone, else those of the request that caused it when the recipient made it
 * (`own`), else the organisation's. An administrator's browser never picks
 * the language of someone else's notice.
 */
export function recipientPreferences(
  recipient: { locale: string | null; timeZone: string | null },
  request: { preferences?: Preferences } | null,
  own: boolean,
): Preferences {
  const { defaultLocale, defaultTimeZone, pseudoLocale } = env()
  const asked = own ? request?.preferences : undefined
  return {
    locale: chooseLocale({ saved: recipient.locale, picked: asked?.locale, fallback: defaultLocale, pseudo: pseudoLocale }),
    timeZone: chooseTimeZone({ saved: recipient.timeZone, browser: asked?.timeZone, fallback: defaultTimeZone }),
  }
}
