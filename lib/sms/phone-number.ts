import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import { z } from 'zod'

/**
 * Phone numbers as people type them, made one canonical string (E.164, the
 * form Twilio sends to and the User row stores), with libphonenumber's full
 * metadata: it knows which ranges are mobile, so a code is never sent to a
 * premium-rate or shared-cost line, where SMS fraud makes its money.
 */

export type PhoneNumberRefusal = 'phone_invalid' | 'phone_not_mobile' | 'phone_country'

/** The typed text: digits, spaces, + ( ) - . only, short; anything else is not a number. */
export const phoneNumberField = z
  .string({ error: 'phone_invalid' })
  .trim()
  .min(1, 'phone_invalid')
  .max(32, 'phone_invalid')
  .regex(/^\+?[\d\s().-]+$/, 'phone_invalid')

/**
 * The number in E.164, or why it cannot get codes: not a number in use, not
 * one that takes texts (fixed lines, premium rate, pagers, …), or in a
 * country the site does not text. Numbers typed without + are read as the
 * first configured country's.
 */
export function normalisePhoneNumber(text: string, countries: readonly CountryCode[]): { ok: true; phone: string } | { ok: false; reason: PhoneNumberRefusal } {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: countries[0] })
  if (!parsed || !parsed.isValid() || parsed.ext) return { ok: false, reason: 'phone_invalid' }
  const type = parsed.getType()
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'phone_not_mobile' }
  if (!parsed.country || !countries.includes(parsed.country)) return { ok: false, reason: 'phone_country' }
  return { ok: true, phone: parsed.number }
}

/**
 * The number as pages and emails show it: the country code and the last two
 * digits, so its owner recognises it and a shoulder or a screenshot learns
 * nothing more ("+44 •••• ••••56").
 */
export function maskPhoneNumber(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone)
  if (!parsed) return '••••'
  const international = parsed.formatInternational()
  const prefix = `+${parsed.countryCallingCode} `
  const rest = international.slice(prefix.length)
  const digits = rest.replace(/\D/g, '').length
  let seen = 0
  const masked = rest.replace(/\d/g, (digit) => (++seen > digits - 2 ? digit : '•'))
  return `${prefix}${masked}`
}
