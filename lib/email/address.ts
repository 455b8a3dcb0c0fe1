import { domainToASCII, domainToUnicode } from 'node:url'
import { z } from 'zod'

const MAX_EMAIL_LENGTH = 254

/** Why an address was refused; each has user-facing text in lib/errors.ts. */
export type EmailAddressError = 'email_required' | 'email_too_long' | 'email_at_sign' | 'email_characters' | 'email_invalid'

// Letters, digits and the punctuation RFC 5321 allows unquoted, plus any non-ASCII letter (internationalised mail).
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}$/u
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u

/**
 * Normalizes an address the one way the portal stores it (trimmed, NFKC,
 * lower-cased, the domain in its canonical IDNA form), or says why it is
 * refused. Characters that only turn into "@" under NFKC (such as the
 * fullwidth ＠) are refused rather than guessed.
 *
 * Domains go through UTS #46 (Node's domainToASCII: the WHATWG URL host rules,
 * non-transitional) and are stored in its Unicode form, so `x@exämple.com` and
 * `x@xn--exmple-cua.com` are one address and people read the domain they typed.
 * The length limit applies to the ASCII form, the one mail servers see.
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
  const [local, typedDomain] = normalized.split('@') as [string, string]
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, error: 'email_invalid' }
  }
  const ascii = domainToASCII(typedDomain)
  if (!ascii) return { ok: false, error: 'email_invalid' }
  if (`${local}@${ascii}`.length > MAX_EMAIL_LENGTH) return { ok: false, error: 'email_too_long' }
  const domain = domainToUnicode(ascii)
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return { ok: false, error: 'email_invalid' }
  return { ok: true, email: `${local}@${domain}` }
}

/** The address with its domain in ASCII (Punycode), for mail transports that do not take Unicode domains. */
export function asciiDomainAddress(email: string): string {
  const at = email.lastIndexOf('@')
  return at < 0 ? email : `${email.slice(0, at + 1)}${domainToASCII(email.slice(at + 1)) || email.slice(at + 1)}`
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
