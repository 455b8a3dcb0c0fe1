import { CATALOGUES, type Messages } from './catalogue'
import { PSEUDO_LOCALE, type Locale } from './locales'
import { pseudoCatalogue } from './pseudo'

let pseudo: Messages | null = null

/** A locale's whole catalogue; the pseudo-locale's is made from English once, on first use. */
export function messagesFor(locale: Locale): Messages {
  if (locale !== PSEUDO_LOCALE) return CATALOGUES[locale]
  pseudo ??= pseudoCatalogue(CATALOGUES.en)
  return pseudo
}
