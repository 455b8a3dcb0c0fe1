import 'server-only'
import { z } from 'zod'
import type { ErrorCode } from '../errors'
import { safeTimeZone } from '../time-zone'
import { safeReturnPath } from './return-path'

/** The browser's time zone from a hidden field, so emails can say "expires at 14:32" in local time; UTC when missing or unknown. */
export const timeZoneField = z
  .string()
  .max(64)
  .optional()
  .transform((value) => safeTimeZone(value))

/** Where to go after a flow, from a hidden field: a path on this site, or null. */
export const returnPathField = z
  .string()
  .max(512)
  .optional()
  .transform((value) => safeReturnPath(value))

/** A 6-digit code as people paste it: spaces or a dash in the middle are forgiven; `error` says where it came from. */
const sixDigitCodeField = (error: 'code_format' | 'text_code_format') =>
  z
    .string({ error })
    .max(32, error)
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, error))

/** A 6-digit emailed code. */
export const emailedCodeField = sixDigitCodeField('code_format')

/** A 6-digit texted code (lib/sms). */
export const textedCodeField = sixDigitCodeField('text_code_format')

const BIDI_AND_CONTROL = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu

/**
 * A short name people give (a passkey's, their own): control characters,
 * lone surrogates and bidirectional overrides dropped and whitespace
 * collapsed, so it reads the way it is stored; then min..max characters.
 */
export function shownNameField(min: number, max: number, error: ErrorCode) {
  return z
    .string({ error })
    .transform((value) => value.normalize('NFC').replace(BIDI_AND_CONTROL, '').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(min, error).max(max, error))
}
