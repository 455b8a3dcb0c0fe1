import { isLocale, LOCALES, type Locale } from './locales'

/** At most this many ranges of an Accept-Language header are read (a header is the sender's to make long). */
const MAX_RANGES = 20

/**
 * The best shipped locale for an Accept-Language header (RFC 9110 §12.5.4):
 * ranges by their q weight, each matched on its primary language subtag
 * ("de-AT" → de, "ar-EG" → ar); null when none matches. The pseudo-locale is
 * matched only when it is offered (tests ask for it by name).
 */
export function negotiateLocale(header: string | null | undefined, pseudo = false): Locale | null {
  if (!header) return null
  const ranges = header
    .slice(0, 1_000)
    .split(',')
    .slice(0, MAX_RANGES)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((param) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(param)?.[1]).find(Boolean)
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((range) => range.tag && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranges) {
    if (pseudo && tag === 'en-xa') return 'en-XA'
    const primary = tag.split('-')[0]
    const match = LOCALES.find((locale) => locale === primary)
    if (match) return match
  }
  return null
}

/**
 * The one rule for which language a person reads (ADR 26): their saved
 * choice, else the language picked on this browser (the switcher's cookie),
 * else the browser's Accept-Language, else the organisation's default.
 */
export function chooseLocale(input: {
  saved?: string | null
  picked?: string | null
  acceptLanguage?: string | null
  fallback: Locale
  pseudo?: boolean
}): Locale {
  const pseudo = input.pseudo ?? false
  if (isLocale(input.saved, pseudo)) return input.saved
  if (isLocale(input.picked, pseudo)) return input.picked
  return negotiateLocale(input.acceptLanguage, pseudo) ?? input.fallback
}
