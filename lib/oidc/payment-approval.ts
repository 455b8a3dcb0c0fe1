import { z } from 'zod'

/**
 * The one kind of Rich Authorization Request (RFC 9396) the portal accepts:
 * an app asks the person to approve one payment, and the approval is bound
 * to it. RFC 9396 §2 leaves the fields of a type to whoever defines it; ours:
 * - `amount`: a decimal string, positive, with no more decimals than the
 *   currency is written with (none for JPY, two for EUR, three for KWD: the
 *   digits Intl's CLDR data gives, which the confirmation page formats with
 *   too, so what is shown is what is approved; CLDR writes a few currencies,
 *   HUF among them, without the minor unit ISO 4217 lists), a string, as in
 *   RFC 9396's own examples, so no floating point rounds it;
 * - `currency`: an ISO 4217 code the runtime knows;
 * - `payee`: a short name in plain words, shown to the person as data: no
 *   markup, control or direction characters, no invisible or overlaid marks
 *   and no pile of them, letters from one script only.
 * Anything else, an unknown field included, is refused (§5:
 * invalid_authorization_details). The portal (lib/oidc/rich-authorization.ts)
 * and the demo app (scripts/acme-*) read the type from here.
 */
export const PAYMENT_APPROVAL = 'payment_approval' as const

/** Resource indicator (RFC 8707) an approval is made for: RFC 9396 §9 wants one, given or defaulted, with every request. */
export const APPROVALS_RESOURCE = 'urn:passkey-portal:approvals'

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
/**
 * Letters with the marks spelling puts on them, digits, single spaces and the
 * punctuation of company names: no markup, no control or direction
 * characters, no enclosing marks (Me), no doubled space (HTML shows one).
 */
const PLAIN_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{Mn}\p{Mc}\p{N}.,&'()/-]| (?! ))*$/u
/** More combining marks on one letter than any language's spelling needs. */
const PILED_MARKS = /\p{M}{3}/u
/** Marks that are invisible (grapheme joiner, variation selectors, Mongolian selectors) or strike the text through (overlays). */
const HIDDEN_OR_OVERLAID = /[\u034F\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u0334-\u0338\u20D0-\u20FF]/u
/** Scripts a name's letters may come from: one of these, so "Nоrthwind" with a Cyrillic о is not taken for Northwind. */
const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  // Japanese writes one name in all three.
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
]

/** Whether a name's letters all come from one script (a letter of none listed counts as its own). */
function oneScript(name: string): boolean {
  const seen = new Set<string>()
  for (const letter of name.match(/\p{L}/gu) ?? []) seen.add(SCRIPTS.find(([, script]) => script.test(letter))?.[0] ?? letter)
  return seen.size <= 1
}

/** How many decimals an amount in this currency is written with (CLDR, as Intl formats it). */
function minorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
}

const decimalsOf = (amount: string) => amount.split('.')[1]?.length ?? 0

export const paymentApprovalSchema = z
  .strictObject({
    type: z.literal(PAYMENT_APPROVAL),
    amount: z
      .string()
      .regex(/^(?:0|[1-9]\d{0,11})(?:\.\d{1,3})?$/)
      .refine((amount) => Number(amount) > 0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .refine((code) => CURRENCIES.has(code)),
    payee: z
      .string()
      .min(1)
      .max(70)
      .refine(
        (payee) =>
          payee === payee.normalize('NFC') &&
          payee === payee.trim() &&
          PLAIN_NAME.test(payee) &&
          !PILED_MARKS.test(payee) &&
          !HIDDEN_OR_OVERLAID.test(payee) &&
          oneScript(payee),
      ),
  })
  // Checked once the currency is known to be one (an unknown code would throw in Intl).
  .refine((approval) => !CURRENCIES.has(approval.currency) || decimalsOf(approval.amount) <= minorUnits(approval.currency), { path: ['amount'] })

export type PaymentApproval = z.infer<typeof paymentApprovalSchema>

/** The details of a request as the app sent them: one payment approval per request, so the person approves one thing at a time. */
export const approvalDetailsSchema = z.array(paymentApprovalSchema).length(1)

/** The amount in the currency's minor units, as digits ("12500.5" EUR is "1250050"): exact, whatever its spelling. */
function inMinorUnits(amount: string, currency: string): string {
  const [whole, fraction = ''] = amount.split('.')
  return `${whole}${fraction.padEnd(minorUnits(currency), '0')}`.replace(/^0+(?=\d)/, '')
}

/** Whether two approvals name the same payment: the amount compared exactly in minor units, currency and payee exactly. */
export function samePayment(a: PaymentApproval, b: PaymentApproval): boolean {
  return a.currency === b.currency && a.payee === b.payee && inMinorUnits(a.amount, a.currency) === inMinorUnits(b.amount, b.currency)
}
