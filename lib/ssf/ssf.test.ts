import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import { loadSigningKeys } from '../oidc/keys'
import { appInputSchema, registerApp } from '../oidc/apps'
import { deliverSecurityEvents } from './deliver'
import { SSF_EVENTS } from './events'
import { createStream, updateStatus, verifyStream } from './streams'
import { deleteAccount } from '../account/deletion'

/**
 * The transmitter end to end on both databases: a stream on the app's own
 * origin, events queued with the change that raised them, pushed as signed
 * SETs to a real HTTP receiver, in order, held behind a failed push and
 * pushed once each when the receiver is back.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const context = { ipAddress: '203.0.113.9', userAgent: null }

let server: Server
let origin = ''
const received: string[] = []
let answer = 202

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += String(chunk)))
    request.on('end', () => {
      if (answer === 202) received.push(body)
      response.writeHead(answer).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

// Every stream pushes to this one receiver: each test starts with only its own.
beforeEach(async () => {
  await db().ssfStream.deleteMany({})
  received.length = 0
  answer = 202
})

async function subscribedApp(groups: string[] = []) {
  const admin = { user: { email: 'admin@example.com' } }
  const input = appInputSchema.parse({
    name: `Receiver ${unique()}`,
    redirectUris: `${origin}/callback`,
    clientType: 'confidential',
    allowedGroups: groups,
    minimumLevel: 'email',
    signingAlg: 'ES256',
  })
  const registered = await registerApp(input, admin, testContext())
  if (!registered.ok) throw new Error(registered.reason)
  const clientId = registered.app.id
  const stream = await createStream(
    clientId,
    { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${origin}/events` }, events_requested: Object.values(SSF_EVENTS) },
    context,
  )
  if (!stream.ok) throw new Error(stream.description)
  return { clientId, streamId: stream.stream.stream_id }
}

/** The person signs in to the app: from then on its stream carries their events. */
const signsInTo = (clientId: string, userId: string) => recordEvent({ type: 'app_sign_in', result: 'success', userId, detail: { clientId } })

async function verified(token: string, audience: string) {
  const { keys } = await loadSigningKeys()
  const jwks = createLocalJWKSet({ keys: keys.map(({ kty, crv, x, y, n, e, kid, alg }) => ({ kty, crv, x, y, n, e, kid, alg })) })
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: env().appUrl, audience, typ: 'secevent+jwt' })
  return { payload, protectedHeader }
}

describe('security event streams', () => {
  it('are made only for an address on the app’s own origin, once per app', async () => {
    const { clientId } = await subscribedApp()
    const elsewhere = await createStream(
      clientId,
      { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'http://127.0.0.1:1/events' }, events_requested: [] },
      context,
    )
    expect(elsewhere).toMatchObject({ ok: false, status: 400 })
    const again = await createStream(clientId, { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${origin}/other` }, events_requested: [] }, context)
    expect(again).toMatchObject({ ok: false, status: 409 })
    expect(await db().auditEvent.count({ where: { type: 'ssf_stream_changed', detail: { contains: clientId } } })).toBe(1)
  })

  it('push signed SETs for each change, in order, hold them behind a failed push and push each once when the app is back', async () => {
    const { clientId } = await subscribedApp()
    const user = await db().user.create({ data: { email: `ssf-${unique()}@example.com` }, select: { id: true } })
    const stranger = await db().user.create({ data: { email: `ssf-${unique()}@example.com` }, select: { id: true } })
    await signsInTo(clientId, user.id)
    received.length = 0

    answer = 503
    // Someone who never signed in to the app: it hears nothing of them.
    await recordEvent({ type: 'account_suspended', result: 'success', userId: stranger.id })
    await recordEvent({ type: 'passkey_added', result: 'success', userId: user.id, detail: { synced: true } })
    await recordEvent({ type: 'session_revoked', result: 'success', userId: user.id, detail: { scope: 'others' } })
    await recordEvent({ type: 'account_suspended', result: 'success', userId: user.id })
    await recordEvent({ type: 'account_reactivated', result: 'success', userId: user.id })
    await recordEvent({ type: 'passkey_only_on', result: 'success', userId: user.id })
    // One session ended raises nothing (its apps get a logout token), nor does a failed change or an event nobody subscribes to.
    await recordEvent({ type: 'session_revoked', result: 'success', userId: user.id, detail: { revoked: 'one-session' } })
    await recordEvent({ type: 'passkey_added', result: 'failure', userId: user.id })
    await recordEvent({ type: 'sign_in', result: 'success', userId: user.id })
    expect(await deliverSecurityEvents()).toBe(0)
    const stream = await db().ssfStream.findFirstOrThrow({ where: { clientId } })
    expect(stream).toMatchObject({ failures: 1, lastError: 'HTTP 503' })
    expect(await db().ssfEvent.count({ where: { streamId: stream.id } })).toBe(5)
    // Held until the retry: a run before it pushes nothing, even for the app now answering.
    answer = 202
    expect(await deliverSecurityEvents()).toBe(0)
    expect(await deliverSecurityEvents(new Date(stream.retryAt!.getTime() + 1))).toBe(5)
    expect(await deliverSecurityEvents(new Date(Date.now() + 60_000))).toBe(0)

    const tokens = await Promise.all(received.map((token) => verified(token, clientId)))
    expect(tokens.map(({ payload }) => Object.keys(payload.events as object))).toEqual([
      [SSF_EVENTS.credentialChange],
      [SSF_EVENTS.sessionRevoked],
      [SSF_EVENTS.accountDisabled],
      [SSF_EVENTS.accountEnabled],
      [SSF_EVENTS.assuranceLevelChange],
    ])
    expect(new Set(tokens.map(({ payload }) => payload.jti)).size).toBe(5)
    expect((tokens[4]!.payload.events as Record<string, unknown>)[SSF_EVENTS.assuranceLevelChange]).toMatchObject({
      namespace: 'custom',
      change_direction: 'increase',
      current_level: 'urn:passkey-portal:acr:phishing-resistant',
    })
    for (const { payload, protectedHeader } of tokens) {
      expect(protectedHeader.typ).toBe('secevent+jwt')
      expect(payload.sub_id).toEqual({ format: 'iss_sub', iss: env().appUrl, sub: user.id })
      expect(payload.exp).toBeUndefined()
    }
    expect((tokens[0]!.payload.events as Record<string, unknown>)[SSF_EVENTS.credentialChange]).toMatchObject({
      credential_type: 'fido2-platform',
      change_type: 'create',
    })
    expect(await db().ssfStream.findFirstOrThrow({ where: { clientId }, select: { failures: true, lastError: true } })).toEqual({
      failures: 0,
      lastError: null,
    })
  })

  it('tell the apps an account was purged, by its owner or by deprovisioning', async () => {
    const { clientId, streamId } = await subscribedApp()
    const deleted = await db().user.create({ data: { email: `ssf-${unique()}@example.com` }, select: { id: true } })
    const deprovisioned = await db().user.create({ data: { email: `ssf-${unique()}@example.com` }, select: { id: true } })
    await signsInTo(clientId, deleted.id)
    await signsInTo(clientId, deprovisioned.id)
    await deleteAccount(deleted.id)
    await recordEvent({ type: 'account_deprovisioned', result: 'success', userId: deprovisioned.id })
    await deliverSecurityEvents()
    const payloads = await Promise.all(received.map(async (token) => (await verified(token, clientId)).payload))
    expect(payloads.map((payload) => [(payload.sub_id as { sub: string }).sub, Object.keys(payload.events as object)[0]])).toEqual([
      [deleted.id, SSF_EVENTS.accountPurged],
      [deprovisioned.id, SSF_EVENTS.accountPurged],
    ])
    expect(await db().ssfEvent.count({ where: { streamId } })).toBe(0)
    expect(await db().ssfSubject.count({ where: { userId: deleted.id } })).toBe(0)
  })

  it('keep events while paused, drop them when disabled, and reach only apps open to the person’s group', async () => {
    const { clientId, streamId } = await subscribedApp()
    const closed = await subscribedApp(['administrators'])
    const user = await db().user.create({ data: { email: `ssf-${unique()}@example.com` }, select: { id: true } })
    await signsInTo(clientId, user.id)
    // An app the person signed in to once, now closed to their group: it hears nothing more.
    await signsInTo(closed.clientId, user.id)
    await updateStatus(clientId, { stream_id: streamId, status: 'paused' }, context)
    await recordEvent({ type: 'totp_added', result: 'success', userId: user.id })
    expect(await db().ssfEvent.count({ where: { streamId: closed.streamId } })).toBe(0)
    received.length = 0
    await deliverSecurityEvents()
    expect(received).toHaveLength(0)
    expect(await db().ssfEvent.count({ where: { streamId } })).toBe(1)
    await updateStatus(clientId, { stream_id: streamId, status: 'disabled' }, context)
    expect(await db().ssfEvent.count({ where: { streamId } })).toBe(0)
    await recordEvent({ type: 'totp_removed', result: 'success', userId: user.id })
    expect(await db().ssfEvent.count({ where: { streamId } })).toBe(0)
  })

  it('verify with the app’s state, on the stream as subject', async () => {
    const { clientId, streamId } = await subscribedApp()
    received.length = 0
    expect(await verifyStream(clientId, { stream_id: streamId, state: 'abc123' })).toEqual({ ok: true })
    await deliverSecurityEvents()
    const { payload } = await verified(received.at(-1)!, clientId)
    expect(payload.sub_id).toEqual({ format: 'opaque', id: streamId })
    expect(payload.events).toEqual({ 'https://schemas.openid.net/secevent/ssf/event-type/verification': { state: 'abc123' } })
  })
})
