import 'server-only'
import { cookies, headers } from 'next/headers'
import { cache } from 'react'
import { currentRequestScope } from '../ops/request-scope'
import { rememberBrowserTimeZone } from '../account/preferences'
import { getRecoveryOrCurrentSession } from '../auth/dal'
import { timeZoneCookieName } from './cookies'
import { setAmbientTranslator } from './ambient'
import { preferencesFromHeaders, type Preferences } from './preferences'
import { translatorFor, type Translator } from './translator'

/**
 * The language and time zone of the request Next.js is answering, once per
 * request: the signed-in person's saved choices (read with the session, no
 * statement of its own), else the browser's (lib/i18n/preferences.ts).
 */
export const readPreferences = cache(async (): Promise<Preferences> => {
  // Already known when the pipeline answered this request's guard (route handlers have no React cache to share).
  const adopted = currentRequestScope()?.preferences
  if (adopted) return adopted
  const source = await headers()
  let saved: { id: string; locale: string | null; timeZone: string | null } | undefined
  try {
    saved = (await getRecoveryOrCurrentSession())?.user
  } catch {
    // The session could not be read (database down): the page that needs it says so; its words still follow the browser.
    saved = undefined
  }
  const preferences = preferencesFromHeaders((name) => source.get(name), saved)
  const browserZone = (await cookies()).get(timeZoneCookieName())?.value
  // The first page a person sees after signing in with a browser that reported its zone saves it (once: lib/account/preferences.ts).
  if (saved && !saved.timeZone && browserZone) await rememberBrowserTimeZone(saved.id, browserZone)
  setAmbientTranslator(preferences)
  return preferences
})

/**
 * For the action and route pipeline: the reader's preferences from the
 * session its guard has just read (null when signed out or refused), so the
 * session is not read a second time, and every error and message of the
 * request is in the reader's language (lib/i18n/ambient.ts).
 */
export async function adoptReader(session: { user: { locale: string | null; timeZone: string | null } } | null): Promise<Preferences> {
  const source = await headers()
  const preferences = preferencesFromHeaders((name) => source.get(name), session?.user)
  setAmbientTranslator(preferences)
  return preferences
}

/** Words and formats for this request's reader, where next-intl's page helpers don't reach (actions, route handlers). */
export async function requestTranslator(): Promise<Translator> {
  const { locale, timeZone } = await readPreferences()
  return translatorFor(locale, timeZone)
}
