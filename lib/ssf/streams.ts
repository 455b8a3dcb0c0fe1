import 'server-only'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { SUPPORTED_EVENTS } from './events'
import { VERIFICATION, type VerificationPayload } from './set'

/**
 * An app's security event stream (SSF 1.0 §8.1): made, read, changed,
 * deleted, paused and verified by the app itself, one per app. Each change
 * is in the audit log. Events are pushed only to an address on an origin
 * the app is registered with (its return, sign-out or back-channel
 * addresses), so a stream cannot make the portal post into its own network.
 */

export const PUSH_DELIVERY = 'urn:ietf:rfc:8935'
const STATUSES = ['enabled', 'paused', 'disabled'] as const
export type StreamStatus = (typeof STATUSES)[number]

const streamFields = {
  delivery: z.object({ method: z.literal(PUSH_DELIVERY), endpoint_url: z.string().max(500) }),
  events_requested: z.array(z.string().max(200)).max(20),
  description: z.string().max(200),
}
export const createStreamSchema = z.object({ ...streamFields, events_requested: streamFields.events_requested.default([]) }).partial({ description: true })
export const updateStreamSchema = z
  .object({ stream_id: z.string().max(64), ...streamFields })
  .partial({ delivery: true, events_requested: true, description: true })
export const statusSchema = z.object({ stream_id: z.string().max(64), status: z.enum(STATUSES), reason: z.string().max(200).optional() })
export const verifySchema = z.object({ stream_id: z.string().max(64), state: z.string().max(200).optional() })

export type StreamError = { ok: false; status: 400 | 404 | 409; error: string; description: string }
const fail = (status: StreamError['status'], error: string, description: string): StreamError => ({ ok: false, status, error, description })

type StreamRow = { id: string; clientId: string; endpointUrl: string; eventsRequested: string; description: string | null; status: string }

/** The stream as SSF 1.0 §8.1.1 shows it to its app. */
export function streamConfiguration(row: StreamRow) {
  const requested = JSON.parse(row.eventsRequested) as string[]
  return {
    stream_id: row.id,
    iss: env().appUrl,
    aud: row.clientId,
    delivery: { method: PUSH_DELIVERY, endpoint_url: row.endpointUrl },
    events_supported: SUPPORTED_EVENTS,
    events_requested: requested,
    events_delivered: SUPPORTED_EVENTS.filter((type) => requested.includes(type)),
    ...(row.description ? { description: row.description } : {}),
    min_verification_interval: 10,
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The push address as stored (the URL parser's one spelling), if it is on an origin the app is registered
 * with (https, or http on loopback as registration allows), and on loopback only for a portal that is itself
 * on loopback (a developer's machine, the tests, the demo): never a way into the portal's own host.
 */
async function allowedEndpoint(clientId: string, endpoint: string): Promise<string | null> {
  if (!URL.canParse(endpoint)) return null
  const url = new URL(endpoint)
  if (url.username || url.password || url.hash) return null
  if (LOOPBACK.has(url.hostname) && !LOOPBACK.has(new URL(env().appUrl).hostname)) return null
  const app = await db().oidcApp.findUnique({
    where: { id: clientId },
    select: { redirectUris: true, postLogoutRedirectUris: true, backchannelLogoutUri: true },
  })
  if (!app) return null
  const registered = [...(JSON.parse(app.redirectUris) as string[]), ...(JSON.parse(app.postLogoutRedirectUris) as string[]), app.backchannelLogoutUri]
  return registered.some((address) => address !== null && URL.canParse(address) && new URL(address).origin === url.origin) ? url.href : null
}

const findStream = (clientId: string, streamId?: string) => db().ssfStream.findFirst({ where: { clientId, ...(streamId ? { id: streamId } : {}) } })

async function audit(clientId: string, change: string, context: RequestContext, extra: Record<string, string> = {}) {
  await recordEvent({ type: 'ssf_stream_changed', result: 'success', userId: null, context, detail: { clientId, change, ...extra } })
}

export async function createStream(clientId: string, input: z.infer<typeof createStreamSchema>, context: RequestContext) {
  const endpointUrl = await allowedEndpoint(clientId, input.delivery.endpoint_url)
  if (!endpointUrl) return fail(400, 'invalid_request', 'endpoint_url must be on an origin the app is registered with.')
  if (await findStream(clientId)) return fail(409, 'conflict', 'This app already has a stream; update or delete it.')
  const now = new Date()
  const row = await db().ssfStream.create({
    data: {
      id: randomBytes(16).toString('base64url'),
      clientId,
      endpointUrl,
      eventsRequested: JSON.stringify(input.events_requested),
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    },
  })
  await audit(clientId, 'created', context)
  return { ok: true as const, stream: streamConfiguration(row) }
}

export async function readStream(clientId: string, streamId: string | null) {
  const row = await findStream(clientId, streamId ?? undefined)
  return row ? { ok: true as const, stream: streamConfiguration(row) } : fail(404, 'not_found', 'No such stream for this app.')
}

export async function updateStream(clientId: string, input: z.infer<typeof updateStreamSchema>, context: RequestContext) {
  const row = await findStream(clientId, input.stream_id)
  if (!row) return fail(404, 'not_found', 'No such stream for this app.')
  const endpointUrl = input.delivery ? await allowedEndpoint(clientId, input.delivery.endpoint_url) : null
  if (input.delivery && !endpointUrl) return fail(400, 'invalid_request', 'endpoint_url must be on an origin the app is registered with.')
  const updated = await db().ssfStream.update({
    where: { id: row.id },
    data: {
      ...(endpointUrl ? { endpointUrl, retryAt: null, failures: 0 } : {}),
      ...(input.events_requested ? { eventsRequested: JSON.stringify(input.events_requested) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      updatedAt: new Date(),
    },
  })
  await audit(clientId, 'updated', context)
  return { ok: true as const, stream: streamConfiguration(updated) }
}

export async function deleteStream(clientId: string, streamId: string | null, context: RequestContext) {
  const row = await findStream(clientId, streamId ?? undefined)
  if (!row) return fail(404, 'not_found', 'No such stream for this app.')
  await db().ssfStream.delete({ where: { id: row.id } })
  await audit(clientId, 'deleted', context)
  return { ok: true as const }
}

export async function readStatus(clientId: string, streamId: string | null) {
  const row = await findStream(clientId, streamId ?? undefined)
  return row ? { ok: true as const, status: { stream_id: row.id, status: row.status } } : fail(404, 'not_found', 'No such stream for this app.')
}

/** SSF 1.0 §8.1.2: paused keeps events for later; disabled drops those waiting and keeps none. */
export async function updateStatus(clientId: string, input: z.infer<typeof statusSchema>, context: RequestContext) {
  const row = await findStream(clientId, input.stream_id)
  if (!row) return fail(404, 'not_found', 'No such stream for this app.')
  await db().$transaction(async (tx) => {
    await tx.ssfStream.update({
      where: { id: row.id },
      data: { status: input.status, updatedAt: new Date(), ...(input.status === 'enabled' ? { retryAt: null } : {}) },
    })
    if (input.status === 'disabled') await tx.ssfEvent.deleteMany({ where: { streamId: row.id } })
  })
  await audit(clientId, 'status', context, { status: input.status })
  return { ok: true as const, status: { stream_id: row.id, status: input.status } }
}

/** SSF 1.0 §8.1.4: a verification event, queued behind the stream's other events, with the app's state echoed. */
export async function verifyStream(clientId: string, input: z.infer<typeof verifySchema>) {
  const row = await findStream(clientId, input.stream_id)
  if (!row) return fail(404, 'not_found', 'No such stream for this app.')
  if (row.status !== 'enabled') return fail(400, 'invalid_request', 'The stream is not enabled.')
  const now = new Date()
  const payload: VerificationPayload = { type: VERIFICATION, streamId: row.id, state: input.state, at: Math.floor(now.getTime() / 1000) }
  await db().ssfEvent.create({ data: { jti: randomBytes(16).toString('base64url'), streamId: row.id, payload: JSON.stringify(payload), createdAt: now } })
  return { ok: true as const }
}

/** SSF 1.0 §7.1: the transmitter's configuration metadata at /.well-known/ssf-configuration. */
export function transmitterConfiguration() {
  const issuer = env().appUrl
  return {
    spec_version: '1_0',
    issuer,
    jwks_uri: `${issuer}/oidc/jwks`,
    delivery_methods_supported: [PUSH_DELIVERY],
    configuration_endpoint: `${issuer}/ssf/streams`,
    status_endpoint: `${issuer}/ssf/status`,
    verification_endpoint: `${issuer}/ssf/verify`,
    // The app's client id and secret in HTTP Basic (RFC 7617), as at the token endpoint.
    authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:7617' }],
    default_subjects: 'ALL',
  }
}
