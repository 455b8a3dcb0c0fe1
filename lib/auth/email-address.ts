import { z } from 'zod'

export const MAX_EMAIL_LENGTH = 254

/** Why an address was refused; each has user-facing text in lib/errors.ts. */
export type EmailAddressError = 'email_required' | 'email_too_long' | 'email_at_sign' | 'email_characters' | 'email_invalid'

// Letters, digits and the punctuation RFC 5321 allows unquoted, plus any non-ASCII letter (internationalised mail).
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}$/u
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u

/**
 * Normalizes an address the one way the portal stores it (trimmed, NFKC,
 * lower-cased), or says why it is refused. Characters that only turn into
 * "@" under NFKC (such as the fullwidth ＠) are refused rather than guessed.
 */
export function normalizeEmailAddress(input: string): { ok: true; email: string } | { ok: false; error: EmailAddressError } {
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, error: 'email_required' }
  if (trimmed.length > MAX_EMAIL_LENGTH) return { ok: false, error: 'email_too_long' }
  // Control characters (C0, DEL, C1) and quotes never belong in an address we send codes to.
  if (/[\u0000-\u001f\u007f-\u009f"'`]/.test(trimmed)) return { ok: false, error: 'email_characters' }
  const normalized = trimmed.normalize('NFKC').toLowerCase()
  const atSigns = (value: string) => value.split('@').length - 1
  if (atSigns(trimmed) !== 1 || atSigns(normalized) !== 1) return { ok: false, error: 'email_at_sign' }
  if (normalized.length > MAX_EMAIL_LENGTH) return { ok: false, error: 'email_too_long' }
  const [local, domain] = normalized.split('@') as [string, string]
  const labels = domain.split('.')
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, error: 'email_invalid' }
  }
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return { ok: false, error: 'email_invalid' }
  return { ok: true, email: normalized }
}

/** Zod field for forms: a normalized address, or an issue whose message is the error code. */
export const emailAddressField = z.string({ error: 'email_required' }).transform((value, ctx) => {
  const result = normalizeEmailAddress(value)
  if (result.ok) return result.email
  ctx.addIssue({ code: 'custom', message: result.error })
  return z.NEVER
})

/** "jane@example.com" → "j•••@example.com": enough to recognise, not to learn the address. */
export function maskEmailAddress(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  return `${Array.from(local)[0] ?? ''}•••@${domain}`
}
