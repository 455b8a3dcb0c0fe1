import englishErrors from './i18n/messages/en/errors.json'
import { ambientTranslator } from './i18n/ambient'
import type { Translator } from './i18n/translator'

/**
 * Every message a user can see about something that went wrong, keyed by a
 * stable code. Actions return codes; pages show the text the catalogues give
 * each code (lib/i18n/messages/<locale>/errors.json). No text says whether an
 * account exists.
 */
const messages = englishErrors

export type ErrorCode = keyof typeof messages

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(messages, value)
}

/** "12 minutes" style wording for how long until a moment in the future; needs no time zone. */
export function waitText(until: Date, now = new Date(), t: Translator['t'] = ambientTranslator().t): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
  if (seconds < 60) return t('common.wait.seconds', { count: seconds })
  return t('common.wait.minutes', { count: Math.ceil(seconds / 60) })
}

/**
 * The reader's text for an error code; `retryAt` fills in how long to wait
 * ("a moment" when it is not known). Without `t`, in the language of the
 * request being answered (lib/i18n/ambient.ts).
 */
export function errorMessage(code: ErrorCode, options: { retryAt?: Date; now?: Date } = {}, t: Translator['t'] = ambientTranslator().t): string {
  const wait = options.retryAt ? waitText(options.retryAt, options.now, t) : t('common.wait.moment')
  return t(`errors.${code}`, { wait })
}

/**
 * The texts passkey buttons show while their options are fetched, while
 * waiting, in a browser without WebAuthn, and for failures the browser
 * reports (the server's own failures carry their message).
 */
export function passkeyCeremonyMessages(t: Translator['t']) {
  return {
    preparing: t('common.passkey.preparing'),
    waiting: t('common.passkey.waiting'),
    unsupported: t('common.passkey.unsupported'),
    cancelled: errorMessage('passkey_cancelled', {}, t),
    exists: errorMessage('passkey_exists', {}, t),
    unexpected: errorMessage('unexpected', {}, t),
    notSupported: errorMessage('passkey_not_supported', {}, t),
  }
}
