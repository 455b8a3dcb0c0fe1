import { describe, expect, it } from 'vitest'
import { approvalDetailsSchema, PAYMENT_APPROVAL, paymentApprovalSchema, samePayment } from './payment-approval'

/** A payment approval (RFC 9396 authorization_details) is taken only as ./payment-approval.ts defines it. */

const payment = { type: PAYMENT_APPROVAL, amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' } as const
const valid = (overrides: Record<string, unknown>) => paymentApprovalSchema.safeParse({ ...payment, ...overrides }).success

describe('a payment approval', () => {
  it('takes a positive amount with no more decimals than its currency has, an ISO 4217 currency and a plain payee', () => {
    expect(valid({})).toBe(true)
    expect(valid({ amount: '0.5', currency: 'CHF', payee: 'Café Müller & Söhne (Köln)' })).toBe(true)
    expect(valid({ amount: '1250000', currency: 'JPY' })).toBe(true)
    expect(valid({ amount: '12.345', currency: 'KWD' })).toBe(true)
    // Two marks on a letter that has no precomposed form are spelling; a third is a pile.
    expect(valid({ payee: 'Q\u0303\u0301 Traders' })).toBe(true)
    // Japanese writes one name in three scripts.
    expect(valid({ payee: 'トヨタ自動車株式会社' })).toBe(true)
    expect(valid({ payee: 'شركة نورثويند' })).toBe(true)
  })

  it('refuses a zero, negative, over-precise or non-decimal amount', () => {
    for (const amount of ['0', '0.00', '-5', '1.234', '1e4', '012', ' 12', '12,50', 12500, '']) expect(valid({ amount })).toBe(false)
  })

  it('refuses an amount with more decimals than its currency has', () => {
    expect(valid({ amount: '0.5', currency: 'JPY' })).toBe(false)
    expect(valid({ amount: '1.001', currency: 'EUR' })).toBe(false)
    expect(valid({ amount: '1.0001', currency: 'KWD' })).toBe(false)
  })

  it('refuses a currency that is not an ISO 4217 code', () => {
    for (const currency of ['eur', 'EURO', 'XXY', '€', '']) expect(valid({ currency })).toBe(false)
  })

  it('refuses a payee that is markup, controls, direction marks, piled combining marks, padded or too long', () => {
    for (const payee of ['<b>Northwind</b>', 'North\nwind', 'North\u202ewind', 'Nort\u0301\u0302\u0303hwind', ' Northwind', '', 'N'.repeat(71), '"quoted"']) {
      expect(valid({ payee })).toBe(false)
    }
  })

  it('refuses a payee that could pass for another: invisible, overlaid or enclosing marks, a doubled space, mixed scripts', () => {
    for (const payee of ['North\u034Fwind', 'Northwind\uFE0F', 'North\u0336wind', 'Northwind\u0489\u0489', 'Northwind  Traders', 'N\u043ErthwindTraders'])
      expect(valid({ payee }), JSON.stringify(payee)).toBe(false)
  })

  it('refuses another type and any field it does not define', () => {
    expect(valid({ type: 'payment_initiation' })).toBe(false)
    expect(valid({ locations: ['https://bank.example'] })).toBe(false)
    expect(valid({ iban: 'DE00' })).toBe(false)
  })

  it('comes one to a request', () => {
    expect(approvalDetailsSchema.safeParse([payment]).success).toBe(true)
    expect(approvalDetailsSchema.safeParse([]).success).toBe(false)
    expect(approvalDetailsSchema.safeParse([payment, payment]).success).toBe(false)
  })

  it('names the same payment when amount (as a number), currency and payee agree', () => {
    expect(samePayment(payment, { ...payment, amount: '12500' })).toBe(true)
    expect(samePayment(payment, { ...payment, amount: '12500.01' })).toBe(false)
    expect(samePayment(payment, { ...payment, currency: 'USD' })).toBe(false)
    expect(samePayment(payment, { ...payment, payee: 'Northwind Trader' })).toBe(false)
    // Exact in the currency's minor units, with no floating point between them.
    expect(samePayment({ ...payment, amount: '999999999999.99' }, { ...payment, amount: '999999999999.98' })).toBe(false)
    expect(samePayment({ ...payment, amount: '0.10' }, { ...payment, amount: '0.1' })).toBe(true)
  })
})
