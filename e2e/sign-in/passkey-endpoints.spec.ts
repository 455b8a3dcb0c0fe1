import type { APIRequestContext } from '@playwright/test'
import { db } from '../../lib/db'
import { createSoftPasskey, softAuthenticationResponse } from '../../testing/soft-authenticator'
import { expect, test } from '../fixtures'
import { latestEmailTo } from '../support/mailbox'
import { APP } from '../support/servers'

const json = (request: APIRequestContext, url: string, data: string | object, headers: Record<string, string> = {}) =>
  request.post(url, {
    data: typeof data === 'string' ? data : JSON.stringify(data),
    headers: { 'content-type': 'application/json', origin: APP.url, ...headers },
    maxRedirects: 0,
  })

const goodShape = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA', attestationObject: 'oA' },
  clientExtensionResults: {},
}

const hostileBodies: [name: string, body: string | object][] = [
  ['bad JSON', '{"response": '],
  ['not an object', '"just a string"'],
  ['wrong types', { response: { id: 42, rawId: [], type: 'public-key', response: 'nope' } }],
  ['bad base64url', { response: { ...goodShape, id: '***', rawId: '***' } }],
  ['truncated CBOR', { response: { ...goodShape, response: { ...goodShape.response, attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVik' } } }],
  ['short authenticator data', { response: { ...goodShape, response: { ...goodShape.response, authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4' } } }],
  ['a 1 MB field', { response: { ...goodShape, response: { ...goodShape.response, clientDataJSON: 'A'.repeat(1024 * 1024) } } }],
]

const endpoints = [
  '/api/passkeys/sign-in/options',
  '/api/passkeys/sign-in/verify',
  '/api/passkeys/register/options',
  '/api/passkeys/register/verify',
  '/api/passkeys/step-up/options',
  '/api/passkeys/step-up/verify',
  '/api/passkeys/step-up/create',
]

test('hostile input to every passkey endpoint gets a clean 4xx with a safe message', async ({ playwright, context, signIn }) => {
  await signIn(context)
  // A signed-in request context with a live ceremony cookie, so bodies reach verification where they can.
  const request = await playwright.request.newContext({
    baseURL: APP.url,
    storageState: await context.storageState(),
    extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.31' },
  })
  await json(request, '/api/passkeys/step-up/options', {})
  // Sign-in endpoints are for signed-out browsers (a signed-in one is simply sent to its account).
  const anonymous = await playwright.request.newContext({ baseURL: APP.url, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.32' } })
  await json(anonymous, '/api/passkeys/sign-in/options', {})
  for (const endpoint of endpoints) {
    const client = endpoint.includes('/sign-in/') ? anonymous : request
    for (const [name, body] of hostileBodies) {
      if (endpoint.endsWith('/options') && name === 'bad base64url') continue
      const response = await json(client, endpoint, body)
      const text = await response.text()
      expect(response.status(), `${endpoint} with ${name}`).toBeGreaterThanOrEqual(400)
      expect(response.status(), `${endpoint} with ${name}`).toBeLessThan(500)
      expect(text, `${endpoint} with ${name}`).not.toMatch(/at \w+ \(|node_modules|Error:|prisma/i)
      if (name === 'a 1 MB field') expect(response.status()).toBe(413)
      else expect(JSON.parse(text).message, `${endpoint} with ${name}`).toEqual(expect.any(String))
    }
    const wrongType = await client.post(endpoint, { data: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP.url } })
    expect(wrongType.status()).toBe(415)
    const crossSite = await json(client, endpoint, {}, { origin: 'https://evil.example' })
    expect(crossSite.status()).toBe(403)
  }
  await request.dispose()
  await anonymous.dispose()
})

test('a counter that goes backwards refuses the sign-in and emails a clone warning', async ({ request, user }) => {
  const soft = createSoftPasskey(user.id, { counter: 10 })
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: soft.credentialId,
      publicKey: soft.publicKey,
      counter: 10,
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Security key',
      backupEligible: false,
      backedUp: false,
      createdAt: new Date(),
    },
  })
  const options = await (await json(request, '/api/passkeys/sign-in/options', {})).json()
  const response = softAuthenticationResponse(soft, { challenge: options.challenge, origin: APP.url, rpId: 'localhost', counter: 4 })
  const verified = await json(request, '/api/passkeys/sign-in/verify', { response })
  expect(verified.status()).toBe(400)
  expect((await verified.json()).error).toBe('passkey_clone')
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  const warning = await latestEmailTo(user.email, /possibly copied passkey/)
  expect(warning.text).toContain('Security key')

  // The same key moving forward is accepted again.
  const next = await (await json(request, '/api/passkeys/sign-in/options', {})).json()
  const fine = await json(request, '/api/passkeys/sign-in/verify', {
    response: softAuthenticationResponse(soft, { challenge: next.challenge, origin: APP.url, rpId: 'localhost', counter: 11 }),
  })
  expect(fine.status()).toBe(200)
})

test('a deleted passkey is refused over HTTP, with its ID for the Signal API', async ({ request, user }) => {
  const soft = createSoftPasskey(user.id)
  const stored = await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: soft.credentialId,
      publicKey: soft.publicKey,
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Phone',
      backupEligible: true,
      backedUp: true,
      createdAt: new Date(),
    },
  })
  await db().passkey.delete({ where: { id: stored.id } })
  const options = await (await json(request, '/api/passkeys/sign-in/options', {})).json()
  const refused = await json(request, '/api/passkeys/sign-in/verify', {
    response: softAuthenticationResponse(soft, { challenge: options.challenge, origin: APP.url, rpId: 'localhost' }),
  })
  expect(refused.status()).toBe(400)
  expect(await refused.json()).toMatchObject({ error: 'passkey_unknown', unknownCredentialId: soft.credentialId })
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
})

test('ceremony answers are neither cached nor compressed', async ({ request }) => {
  // Compressing a few hundred bytes cost more server time than it saved (docs/performance.md).
  const response = await json(request, '/api/passkeys/sign-in/options', {}, { 'accept-encoding': 'gzip, deflate, br', 'x-forwarded-for': '198.51.100.33' })
  expect(response.status()).toBe(200)
  expect(response.headers()['content-encoding']).toBeUndefined()
  expect(response.headers()['cache-control']).toBe('no-store, no-transform')
  expect((await response.json()).challenge).toBeTruthy()
})
