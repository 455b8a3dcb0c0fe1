import { PAYMENT_APPROVAL } from '../../lib/oidc/payment-approval'
import { expect, test } from '../fixtures'
import { passkeyHolderSignedOut } from '../support/passkeys'
import { arrivalAtApp, authorizationRequest, discover, exchange, registerTestApp, startReceiver, type Receiver, type TestApp } from '../support/relying-party'

/**
 * Payment approvals (RFC 9396 authorization_details) are checked by the
 * server before anyone is asked anything: details the portal does not take
 * go back to the app as the protocol's error (§5), and so does a resource
 * other than the approvals (RFC 8707 §2). And a payment is approved only by
 * a proof made on the page that shows it, never by the sign-in before it.
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
    // One payment per request: the person approves one thing at a time.
    [payment, payment],
    [payment, { ...payment, amount: '1.00' }],
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

test('a passkey sign-in during an approval request approves nothing: the payment is shown, and the press under it approves it', async ({
  context,
  page,
  signIn,
}) => {
  test.setTimeout(120_000)
  const config = await discover(app)
  // The sign-in page's passkey autofill answers at once with the virtual authenticator: held back until the request.
  const autofill = await passkeyHolderSignedOut(page, () => signIn(context))

  // Signed out, the app asks to approve a payment; the person signs in with a passkey (autofill) during the request.
  await page.goto('about:blank')
  autofill.on = true
  const approval = await authorizationRequest(config, app, { authorization_details: JSON.stringify([payment]) })
  await page.goto(approval.url.href, { waitUntil: 'commit' })
  // That sign-in showed no payment, so it approves none: the confirmation page shows it before its prompt.
  await expect(page).toHaveURL(/\/account\/confirm\?/)
  await expect(page.getByTestId('approval-summary')).toHaveText(/^Approve €12,500\.00 to Northwind Traders$/)

  await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
  const tokens = await exchange(config, await arrivalAtApp(page, app), approval)
  expect(tokens.authorization_details).toEqual([payment])

  // An empty list asks nothing to be approved: a sign-in whose token claims no approval.
  const empty = await authorizationRequest(config, app, { authorization_details: '[]' })
  await page.goto(empty.url.href)
  expect((await exchange(config, await arrivalAtApp(page, app), empty)).authorization_details).toBeUndefined()
})
