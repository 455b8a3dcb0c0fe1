/**
 * The languages the portal speaks (ADR 26). Nothing here needs the server:
 * pages, emails, the portal's own server and tests read the same list.
 */

/** Shipped locales, in the order the switcher lists them. */
export const LOCALES = ['en', 'de', 'ar'] as const
export type ShippedLocale = (typeof LOCALES)[number]

/**
 * The pseudo-locale: English with every letter accented, each message
 * lengthened by a third and fenced in ⟦ ⟧, so a test can spot text that
 * skipped the catalogues and layouts that break when text grows. Offered
 * only where PSEUDO_LOCALE is on (tests, development), never in the switcher.
 */
export const PSEUDO_LOCALE = 'en-XA'
export type Locale = ShippedLocale | typeof PSEUDO_LOCALE

/** Each language's name in itself, as the switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', ar: 'العربية', 'en-XA': 'Ƥšéûðö' }

const RIGHT_TO_LEFT = new Set<Locale>(['ar'])

export function isLocale(value: unknown, pseudo = false): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value) || (pseudo && value === PSEUDO_LOCALE)
}

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr'
}
