import { currentRequestScope } from '../ops/request-scope'
import type { Preferences } from './preferences'
import { translatorFor, type Translator } from './translator'

let english: Translator | null = null

/**
 * The translator of the request being answered, for the few shared helpers
 * that make a reader's text without being handed one (error states and JSON
 * errors: lib/errors.ts). The action and route pipeline sets it on the
 * request's scope once it knows the reader (lib/actions/pipeline.ts); outside
 * a request, or before that, it is the organisation's default language.
 */
export function ambientTranslator(): Translator {
  const scoped = currentRequestScope()?.translator
  if (scoped) return scoped
  english ??= translatorFor('en', 'UTC')
  return english
}

/** Makes the reader's preferences, and their translator, the ones this request answers with from now on. */
export function setAmbientTranslator(preferences: Preferences): void {
  const scope = currentRequestScope()
  if (!scope) return
  scope.preferences = preferences
  scope.translator = translatorFor(preferences.locale, preferences.timeZone)
}
