import type { Preferences } from '../i18n/preferences'
import { translatorFor, type Translator } from '../i18n/translator'
import { userAgentParts } from '../user-agent'

/**
 * The words emails are written with (ADR 26): one translator per language
 * and zone, kept, since making one builds its formatters anew (some 0.6 ms,
 * against 0.05 ms for a message and a time once it exists), and every
 * notice and code email needs one. The zones people use are few; past
 * MAX_TRANSLATORS the set starts again.
 */
const translators = new Map<string, Translator>()
const MAX_TRANSLATORS = 64

export function emailTranslator({ locale, timeZone }: Preferences): Translator {
  const key = `${locale} ${timeZone}`
  let translator = translators.get(key)
  if (!translator) {
    if (translators.size >= MAX_TRANSLATORS) translators.clear()
    translator = translatorFor(locale, timeZone)
    translators.set(key, translator)
  }
  return translator
}

/** "Chrome on Linux", "ein unbekannter Browser": the browser that asked, in the reader's words (product names stay as they are). */
export function browserIn(tr: Translator, userAgent: string | null | undefined): string {
  const { browser, system } = userAgentParts(userAgent)
  if (!browser) return system ? tr.t('email.browser.unknownOn', { system }) : tr.t('email.browser.unknown')
  return system ? tr.t('email.browser.on', { browser, system }) : browser
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** How long something lasts: whole minutes under an hour, else whole hours, or days when they are whole ("10 minutes", "12 hours", "7 days"). */
export function durationIn(tr: Translator, milliseconds: number): string {
  if (milliseconds < HOUR - MINUTE / 2) return tr.t('email.duration.minutes', { count: Math.round(milliseconds / MINUTE) })
  const hours = Math.round(milliseconds / HOUR)
  return hours % 24 === 0 ? tr.t('email.duration.days', { count: hours / 24 }) : tr.t('email.duration.hours', { count: hours })
}
