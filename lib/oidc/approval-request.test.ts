import { describe, expect, it } from 'vitest'
import { ACME_CLIENT_ID, registerAcmeExpenses } from '../demo/acme-expenses'
import { approvalRequest } from './approval-request'
import { PAYMENT_APPROVAL } from './payment-approval'
import { oidcProvider } from './provider'

/**
 * The confirmation page's summary of a payment approval comes from the
 * provider's stored request (the Interaction), for its own person only.
 */

const unique = () => Math.random().toString(36).slice(2, 12)
const payment = { type: PAYMENT_APPROVAL, amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' }

async function storedInteraction(accountId: string | undefined, details: unknown, prompt = 'login') {
  const provider = await oidcProvider()
  const uid = `uid${unique()}`
  // The provider's typings know no constructor arguments for an Interaction; the library takes (uid, payload).
  const Interaction = provider.Interaction as unknown as new (uid: string, payload: object) => { save(ttl: number): Promise<string> }
  const interaction = new Interaction(uid, {
    returnTo: `/oidc/auth/${uid}`,
    prompt: { name: prompt, reasons: ['approval_proof'], details: {} },
    params: { client_id: ACME_CLIENT_ID, authorization_details: JSON.stringify(details) },
    session: accountId ? { accountId, uid: 'session-uid', cookie: 'cookie' } : undefined,
  })
  await interaction.save(600)
  return `/oidc/interaction/${uid}`
}

describe('the payment a confirmation page shows', () => {
  it('is the stored request’s, for the person whose request it is, while it waits for their proof', async () => {
    await registerAcmeExpenses('https://acme.example', 'a-secret-for-the-test')
    const returnTo = await storedInteraction('person-1', [payment])

    expect(await approvalRequest(returnTo, 'person-1')).toEqual({ appName: 'Acme Expenses', approval: payment })
    expect(await approvalRequest(returnTo, 'person-2')).toBeNull()
    expect(await approvalRequest(`${returnTo}/consent`, 'person-1')).toBeNull()
    expect(await approvalRequest('/account', 'person-1')).toBeNull()
  })

  it('is nothing for a request without a person, waiting for consent, or with details the portal does not take', async () => {
    expect(await approvalRequest(await storedInteraction(undefined, [payment]), 'person-1')).toBeNull()
    expect(await approvalRequest(await storedInteraction('person-1', [payment], 'consent'), 'person-1')).toBeNull()
    expect(await approvalRequest(await storedInteraction('person-1', [{ ...payment, payee: '<b>x</b>' }]), 'person-1')).toBeNull()
  })
})
