import { PAYMENT_APPROVAL } from '../../lib/oidc/payment-approval'
import { expect, test } from '../fixtures'
import { authorizationRequest, discover, registerTestApp, startReceiver, type Receiver, type TestApp } from '../support/relying-party'

/**
 * Payment approvals (RFC 9396 authorization_details) are checked by the
 * server before anyone is asked anything: details the portal does not take
 * go back to the app as the protocol's error (§5), and so does a resource
 * other than the approvals (RFC 8707 §2). No browser needed: the answer is
 * the authorization endpoint's redirect.
 */

let receiver: Receiver
let app: TestApp

test.beforeAll(async () => {
  receiver = await startReceiver()
  app = await registerTestApp(receiver)
})

test.afterAll(async () => {
  await app.remove()
  await receiver.close()
})

const payment = { type: PAYMENT_APPROVAL, amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' }

test('the provider refuses payment approvals it does not take, and other resources, with the protocol’s error', async ({ request }) => {
  const config = await discover(app)
  const errorFor = async (extra: Record<string, string>) => {
    const { url } = await authorizationRequest(config, app, extra)
    const answer = await request.get(url.href, { maxRedirects: 0 })
    expect([302, 303]).toContain(answer.status())
    const back = new URL(answer.headers().location!)
    expect(back.href.startsWith(app.redirectUri)).toBe(true)
    return back.searchParams.get('error')
  }
  const details = (value: unknown) => ({ authorization_details: JSON.stringify(value) })
  for (const refused of [
    [{ ...payment, amount: '-1' }],
    [{ ...payment, amount: '1.001' }],
    [{ ...payment, currency: 'EURO' }],
    [{ ...payment, payee: '<img src=x>' }],
    [{ ...payment, iban: 'DE00' }],
    [{ ...payment, type: 'payment_initiation' }],
  ]) {
    expect(await errorFor(details(refused)), JSON.stringify(refused)).toBe('invalid_authorization_details')
  }
  expect(await errorFor({ authorization_details: 'not json' })).toBe('invalid_authorization_details')
  expect(await errorFor({ ...details([payment]), resource: 'https://bank.example/payments' })).toBe('invalid_target')
  // A valid one goes on to the portal's own pages (the person is not signed in here).
  const { url } = await authorizationRequest(config, app, details([payment]))
  const answer = await request.get(url.href, { maxRedirects: 0 })
  expect(answer.headers().location).toMatch(/\/oidc\/interaction\//)
})
