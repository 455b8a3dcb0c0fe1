import { describe, expect, it } from 'vitest'
import { ACME_CLIENT_ID, registerAcmeExpenses } from '../demo/acme-expenses'
import { approvalRequest } from './approval-request'
import { PAYMENT_APPROVAL } from './payment-approval'
import { oidcProvider } from './provider'

/**
 * The confirmation page's summary of a payment approval comes from the
 * provider's stored request (the Interaction), whenever it waits for a sign-in.
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
  it('is the stored request’s while it waits for a sign-in, also before the provider has a session (the app’s first request)', async () => {
    await registerAcmeExpenses('https://acme.example', 'a-secret-for-the-test')
    const withSession = await storedInteraction('person-1', [payment])
    const first = await storedInteraction(undefined, [payment])

    expect(await approvalRequest(withSession)).toEqual({ uid: withSession.split('/').pop(), appName: 'Acme Expenses', approval: payment })
    // Shown, because a proof made on that page approves it: never a prompt without what it approves.
    expect(await approvalRequest(first)).toEqual({ uid: first.split('/').pop(), appName: 'Acme Expenses', approval: payment })
    expect(await approvalRequest(`${withSession}/consent`)).toBeNull()
    expect(await approvalRequest('/account')).toBeNull()
  })

  it('is nothing for a request waiting for consent, with details the portal does not take, or gone', async () => {
    expect(await approvalRequest(await storedInteraction('person-1', [payment], 'consent'))).toBeNull()
    expect(await approvalRequest(await storedInteraction('person-1', [{ ...payment, payee: '<b>x</b>' }]))).toBeNull()
    expect(await approvalRequest(`/oidc/interaction/uid${unique()}`)).toBeNull()
  })
})
