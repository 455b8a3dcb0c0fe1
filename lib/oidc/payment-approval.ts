import { z } from 'zod'

/**
 * The one kind of Rich Authorization Request (RFC 9396) the portal accepts:
 * an app asks the person to approve one payment, and the approval is bound
 * to it. RFC 9396 §2 leaves the fields of a type to whoever defines it; ours:
 * - `amount`: a decimal string, positive, at most two decimals (a string, as
 *   in RFC 9396's own examples, so no floating point rounds it);
 * - `currency`: an ISO 4217 code the runtime knows;
 * - `payee`: a short name in plain words, shown to the person as data.
 * Anything else, an unknown field included, is refused (§5:
 * invalid_authorization_details). The portal (lib/oidc/rich-authorization.ts)
 * and the demo app (scripts/acme-*) read the type from here.
 */
export const PAYMENT_APPROVAL = 'payment_approval' as const

/** Resource indicator (RFC 8707) an approval is made for: RFC 9396 §9 wants one, given or defaulted, with every request. */
export const APPROVALS_RESOURCE = 'urn:passkey-portal:approvals'

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
/** Letters, digits, spaces and the punctuation of company names: no markup, no control or direction characters. */
const PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,&'()/-]*$/u

export const paymentApprovalSchema = z.strictObject({
  type: z.literal(PAYMENT_APPROVAL),
  amount: z
    .string()
    .regex(/^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/)
    .refine((amount) => Number(amount) > 0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .refine((code) => CURRENCIES.has(code)),
  payee: z
    .string()
    .min(1)
    .max(70)
    .refine((payee) => payee === payee.normalize('NFC') && payee === payee.trim() && PLAIN_NAME.test(payee)),
})

export type PaymentApproval = z.infer<typeof paymentApprovalSchema>

/** The details of a request as the app sent them: one payment approval per request, so the person approves one thing at a time. */
export const approvalDetailsSchema = z.array(paymentApprovalSchema).length(1)

/** Whether two approvals name the same payment: amount compared as a number of cents, currency and payee exactly. */
export function samePayment(a: PaymentApproval, b: PaymentApproval): boolean {
  return Math.round(Number(a.amount) * 100) === Math.round(Number(b.amount) * 100) && a.currency === b.currency && a.payee === b.payee
}
