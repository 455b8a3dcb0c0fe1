import { approvalDetailsSchema, PAYMENT_APPROVAL, samePayment, type PaymentApproval } from '../oidc/payment-approval'

/**
 * Acme Expenses' payments: two wait for the signed-in person, one over the
 * limit (a passkey, proven for it, approves it through the portal as a Rich
 * Authorization Request, RFC 9396) and one under it (the sign-in is enough:
 * one press). What the portal approved comes back in the token response's
 * `authorization_details` (RFC 9396 §7); the app marks a payment approved only
 * when those name this very payment.
 */

export type Payment = { id: string; amount: string; currency: string; payee: string }
/** Over this amount a payment needs a passkey, proven for it: tier 3 of a passkey rollout. */
export const LIMIT = 10_000
export const PAYMENTS: readonly Payment[] = [
  { id: 'northwind', amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' },
  { id: 'supplies', amount: '240.00', currency: 'EUR', payee: 'Contoso Office Supplies' },
]

export type Approval = { paymentId: string; by: string; at: Date; withPasskey: boolean }

export const paymentById = (id: string | null | undefined) => PAYMENTS.find((payment) => payment.id === id)
export const needsPasskey = (payment: Payment) => Number(payment.amount) > LIMIT

/** What the app asks the portal to approve for `payment`. */
export function authorizationDetailsFor(payment: Payment): PaymentApproval[] {
  return [{ type: PAYMENT_APPROVAL, amount: payment.amount, currency: payment.currency, payee: payment.payee }]
}

/**
 * Whether the token response approves exactly `payment`: one payment
 * approval, same amount, currency and payee. Anything else (none, another
 * payment, a tampered request) leaves the payment waiting.
 */
export function approvesPayment(authorizationDetails: unknown, payment: Payment): boolean {
  const approved = approvalDetailsSchema.safeParse(authorizationDetails)
  return approved.success && samePayment(approved.data[0]!, authorizationDetailsFor(payment)[0]!)
}

/** The payments still waiting, and the approvals made, for one session. */
export function paymentsOf(approvals: Approval[]) {
  const approved = new Set(approvals.map((approval) => approval.paymentId))
  return { waiting: PAYMENTS.filter((payment) => !approved.has(payment.id)), approvals }
}
