import { createRemoteJWKSet, jwtVerify } from 'jose'

/**
 * Acme Expenses as a Shared Signals receiver (SSF 1.0): on start it makes
 * (or points at itself again) its stream at the portal with its client
 * credentials, and each pushed Security Event Token is checked against the
 * portal's JWKS, its issuer, audience and type, and its jti seen only once,
 * before the app acts on it (scripts/acme-expenses.ts).
 */

const CAEP = 'https://schemas.openid.net/secevent/caep/event-type'
const RISC = 'https://schemas.openid.net/secevent/risc/event-type'
export const SIGNALS = {
  sessionRevoked: `${CAEP}/session-revoked`,
  credentialChange: `${CAEP}/credential-change`,
  accountDisabled: `${RISC}/account-disabled`,
  accountPurged: `${RISC}/account-purged`,
} as const

type Receiver = { issuer: string; clientId: string; secret: string; endpoint: string }

/** Makes the stream, or updates the one this app already has; retried until the portal answers (both start together). */
export async function subscribe({ issuer, clientId, secret, endpoint }: Receiver, attempts = 120): Promise<void> {
  const auth = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`
  const headers = { Authorization: auth, 'Content-Type': 'application/json' }
  const stream = { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: endpoint }, events_requested: Object.values(SIGNALS) }
  for (let attempt = 1; ; attempt++) {
    try {
      const metadata = (await (await fetch(`${issuer}/.well-known/ssf-configuration`)).json()) as { configuration_endpoint: string }
      const made = await fetch(metadata.configuration_endpoint, { method: 'POST', headers, body: JSON.stringify(stream) })
      if (made.status === 409) {
        const current = (await (await fetch(metadata.configuration_endpoint, { headers })).json()) as { stream_id: string }
        const updated = await fetch(metadata.configuration_endpoint, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ stream_id: current.stream_id, ...stream }),
        })
        if (!updated.ok) throw new Error(`the stream could not be updated (${updated.status})`)
      } else if (!made.ok) throw new Error(`the stream could not be made (${made.status})`)
      return
    } catch (error) {
      if (attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}

const seen = new Set<string>()
let keys: ReturnType<typeof createRemoteJWKSet> | undefined

/** What a pushed SET said: the subject, its events and when they happened; or why it was not taken. */
export type Signal = { ok: true; sub: string; events: string[]; at: number } | { ok: false; status: 400 | 503 }

/** Failures that say the token is wrong (answered 400, RFC 8935 §2.3); anything else is Acme's own trouble (503: retry). */
const INVALID = new Set([
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JOSE_NOT_SUPPORTED',
])

/** A pushed SET, checked (RFC 8417, SSF 1.0 §4): signature and algorithm, issuer, audience, type, subject issuer, jti. */
export async function receivedSignal(token: string, { issuer, jwksUri, clientId }: { issuer: string; jwksUri: string; clientId: string }): Promise<Signal> {
  keys ??= createRemoteJWKSet(new URL(jwksUri))
  try {
    const { payload } = await jwtVerify(token, keys, { issuer, audience: clientId, typ: 'secevent+jwt', algorithms: ['ES256'] })
    const subject = payload.sub_id as { format?: string; iss?: string; sub?: string } | undefined
    if (typeof payload.jti !== 'string' || typeof payload.events !== 'object' || payload.events === null) return { ok: false, status: 400 }
    const events = payload.events as Record<string, { event_timestamp?: unknown }>
    // RFC 8417 §2.2: the same jti again is a copy of an event already taken; it is accepted, not acted on twice.
    if (seen.has(payload.jti)) return { ok: true, sub: '', events: [], at: 0 }
    seen.add(payload.jti)
    if (seen.size > 10_000) seen.delete(seen.values().next().value!)
    const at = Object.values(events)
      .map((claims) => claims.event_timestamp)
      .find((value): value is number => typeof value === 'number')
    const sub = subject?.format === 'iss_sub' && subject.iss === issuer && typeof subject.sub === 'string' ? subject.sub : ''
    return { ok: true, sub, events: Object.keys(events), at: at ?? payload.iat ?? 0 }
  } catch (error) {
    return { ok: false, status: INVALID.has(String((error as { code?: unknown }).code)) ? 400 : 503 }
  }
}
