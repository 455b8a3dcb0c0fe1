import { describe, expect, it } from 'vitest'
import { approvesPayment, authorizationDetailsFor, needsPasskey, paymentById, paymentsOf, PAYMENTS } from './acme-payments'

/** Acme Expenses marks a payment approved only when the portal approved that very payment (RFC 9396 §7). */

const northwind = paymentById('northwind')!
const supplies = paymentById('supplies')!

describe('Acme Expenses’ payments', () => {
  it('asks a passkey for the payment over the limit only', () => {
    expect(needsPasskey(northwind)).toBe(true)
    expect(needsPasskey(supplies)).toBe(false)
  })

  it('takes a token response whose details name the payment', () => {
    expect(approvesPayment(authorizationDetailsFor(northwind), northwind)).toBe(true)
    expect(approvesPayment([{ ...authorizationDetailsFor(northwind)[0], amount: '12500' }], northwind)).toBe(true)
  })

  it('refuses one for another amount, currency or payee, for two payments, or with none', () => {
    const [asked] = authorizationDetailsFor(northwind)
    for (const other of [{ amount: '1.00' }, { currency: 'USD' }, { payee: 'Northwind Traders Ltd' }]) {
      expect(approvesPayment([{ ...asked, ...other }], northwind)).toBe(false)
    }
    expect(approvesPayment([asked, asked], northwind)).toBe(false)
    expect(approvesPayment(undefined, northwind)).toBe(false)
    expect(approvesPayment(authorizationDetailsFor(supplies), northwind)).toBe(false)
  })

  it('takes an approved payment off the waiting list', () => {
    const { waiting } = paymentsOf([{ paymentId: 'northwind', by: 'Ada', at: new Date(), withPasskey: true }])
    expect(waiting).toEqual(PAYMENTS.filter((payment) => payment.id !== 'northwind'))
  })
})
