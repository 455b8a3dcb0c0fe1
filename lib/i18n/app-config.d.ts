import type { Messages } from './catalogue'
import type { FORMATS } from './formats'
import type { Locale } from './locales'

// Message keys, locales and named formats are checked by the compiler in pages and in lib/ alike.
declare module 'use-intl' {
  interface AppConfig {
    Locale: Locale
    Messages: Messages
    Formats: typeof FORMATS
  }
}
