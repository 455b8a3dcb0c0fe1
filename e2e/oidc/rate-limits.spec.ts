import type { APIResponse } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test, testClientIp } from '../fixtures'
import { registerTestApp, startReceiver, type Receiver, type TestApp } from '../support/relying-party'

/**
 * The provider's rate limits over HTTP (lib/limits/oidc.ts): every spelling
 * of an endpoint that its router accepts counts against that endpoint, PAR
 * and the token endpoint are limited too, and a network that floods an app's
 * endpoints is refused there without shutting the app out elsewhere. Each
 * test floods from an address of its own (the suite's servers trust one
 * proxy hop), so no other test feels it.
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

/** Sends requests until the first 429 (or `max`); returns how many were answered before it and the refusal. */
async function untilRefused(max: number, send: (index: number) => Promise<APIResponse>): Promise<{ before: number; refused: APIResponse | null }> {
  for (let index = 0; index < max; index++) {
    const response = await send(index)
    if (response.status() === 429) return { before: index, refused: response }
  }
  return { before: max, refused: null }
}

const fromNetwork = (address: string) => ({ 'x-forwarded-for': address })

test('the authorization endpoint counts every spelling the router accepts against one limit, and answers a page', async ({ request }) => {
  const network = testClientIp()
  const spellings = ['/oidc/AUTH', '/oidc/auth/', '/oidc/Auth/']
  // No client_id: only the network's limit (120 a minute) counts.
  const { before, refused } = await untilRefused(200, (index) =>
    request.get(`${spellings[index % spellings.length]}?response_type=code&scope=openid`, { headers: fromNetwork(network), maxRedirects: 0 }),
  )
  expect(before).toBe(120)
  expect(refused!.headers()['content-type']).toContain('text/html')
  expect(Number(refused!.headers()['retry-after'])).toBeGreaterThan(0)
  expect(await refused!.text()).toContain('Too many sign-in or sign-out requests came from your network')
  // The usual spelling is the same endpoint: refused too; another network is not.
  expect((await request.get('/oidc/auth?response_type=code', { headers: fromNetwork(network), maxRedirects: 0 })).status()).toBe(429)
  expect((await request.get('/oidc/auth?response_type=code', { headers: fromNetwork(testClientIp()), maxRedirects: 0 })).status()).toBe(400)

  const event = await db().auditEvent.findFirst({ where: { type: 'oidc_requests_limited', ipAddress: network } })
  expect(JSON.parse(event!.detail!)).toMatchObject({ endpoint: 'authorization', limit: 'network' })
})

test('pushed authorization requests are limited: refused app authentications stop after 30, in OAuth’s error format', async ({ request }) => {
  const network = testClientIp()
  const clientId = `not-an-app-${randomBytes(4).toString('hex')}`
  const { before, refused } = await untilRefused(100, (index) =>
    request.post(index % 2 ? '/oidc/PAR/' : '/oidc/par', {
      headers: fromNetwork(network),
      form: { client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://app.example/cb' },
    }),
  )
  expect(before).toBe(30)
  expect(refused!.headers()['content-type']).toContain('application/json')
  expect(Number(refused!.headers()['retry-after'])).toBeGreaterThan(0)
  expect(await refused!.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringContaining('Retry-After') })
})

test('300 wrong codes at the token endpoint are refused long before 300, from that network only', async ({ request }) => {
  const network = testClientIp()
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.secret!)}`).toString('base64')}`
  const wrongCode = (from: string, path = '/oidc/token') =>
    request.post(path, {
      headers: { ...fromNetwork(from), authorization: basic },
      form: { grant_type: 'authorization_code', code: randomBytes(32).toString('base64url'), redirect_uri: app.redirectUri, code_verifier: 'x'.repeat(43) },
    })
  const answers: number[] = []
  const { before } = await untilRefused(300, async (index) => {
    const response = await wrongCode(network, index % 2 ? '/oidc/TOKEN/' : '/oidc/token')
    answers.push(response.status())
    return response
  })
  // 30 failures a minute per app and network: the 31st is refused, and every one after it.
  expect(before).toBe(30)
  expect(new Set(answers.slice(0, 30))).toEqual(new Set([400]))
  for (let extra = 0; extra < 3; extra++) expect((await wrongCode(network)).status()).toBe(429)
  // The same app from another network is not shut out: its wrong code is answered as wrong.
  const elsewhere = await wrongCode(testClientIp())
  expect(elsewhere.status()).toBe(400)
  expect(await elsewhere.json()).toMatchObject({ error: 'invalid_grant' })
})
