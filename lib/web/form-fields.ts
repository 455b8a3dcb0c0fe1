import 'server-only'
import { z } from 'zod'
import { safeTimeZone } from '../auth/email-code/challenge'
import type { ErrorCode } from '../errors'
import { actionError, fieldError, formFields, formText, type ActionState } from './action-state'

/** The browser's time zone from a hidden field, so emails can say "expires at 14:32" in local time; UTC when missing or unknown. */
export const timeZoneField = z
  .string()
  .max(64)
  .optional()
  .transform((value) => safeTimeZone(value))

/** A 6-digit emailed code as people paste it: spaces or a dash in the middle are forgiven. */
export const emailedCodeField = z
  .string({ error: 'code_format' })
  .max(32, 'code_format')
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'code_format'))

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

/**
 * Parses a form whose main field is an email address: a non-form call gets
 * bad_request; a bad address gets its own error on the email field, with
 * what was typed kept; any other bad field gets bad_request there.
 */
export function parseAddressForm<Schema extends z.ZodType>(
  form: unknown,
  schema: Schema,
  names: readonly string[],
): { ok: true; data: z.output<Schema> } | { ok: false; state: ActionState<'email'> } {
  const fields = formFields(form, names)
  if (!fields) return { ok: false, state: actionError('bad_request') }
  const parsed = schema.safeParse(fields)
  if (parsed.success) return { ok: true, data: parsed.data }
  const issue = parsed.error.issues.find((item) => item.path[0] === 'email')
  return { ok: false, state: fieldError('email', issue?.message, issue ? 'email_invalid' : 'bad_request', { email: formText(form, 'email', 320) }) }
}
