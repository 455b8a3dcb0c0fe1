import { createFormatter, createTranslator } from 'use-intl/core'
import { FORMATS } from './formats'
import { textDirection, type Locale } from './locales'
import { messagesFor } from './messages'

/**
 * Words and formats for one reader, outside a page: emails, notices, the
 * portal's own server pages, CSV exports. Pages use next-intl's
 * getTranslations(), which is configured the same way (lib/i18n/request.ts).
 */
export function translatorFor(locale: Locale, timeZone: string) {
  const messages = messagesFor(locale)
  return {
    locale,
    timeZone,
    dir: textDirection(locale),
    t: createTranslator({ locale, messages, timeZone, formats: FORMATS }),
    format: createFormatter({ locale, timeZone, formats: FORMATS }),
  }
}

export type Translator = ReturnType<typeof translatorFor>
