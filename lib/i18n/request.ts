import { getRequestConfig } from 'next-intl/server'
import { FORMATS } from './formats'
import { messagesFor } from './messages'
import { readPreferences } from './reader'

/** next-intl's configuration for each request (next.config.mjs names this file): the reader's language, zone and catalogue. */
export default getRequestConfig(async () => {
  const { locale, timeZone } = await readPreferences()
  return { locale, timeZone, messages: messagesFor(locale), formats: FORMATS }
})
