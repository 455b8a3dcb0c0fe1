import 'server-only'
import { importJWK, SignJWT } from 'jose'
import { env } from '../env'
import { loadSigningKeys } from '../oidc/keys'
import type { QueuedEvent } from './queue'

/**
 * A Security Event Token (RFC 8417) for one queued event, signed with the
 * portal's current ES256 key, the same keys its ID tokens use (published at
 * /oidc/jwks): `typ` secevent+jwt (RFC 8417 §2.3), the app's client_id as
 * `aud`, the person as an `iss_sub` subject in `sub_id` (SSF 1.0 §4.1), and
 * no `exp` or `sub` (RFC 8417 §2.2, SSF 1.0 §4.1.8).
 */
export async function signSecurityEvent(event: { jti: string; audience: string; payload: QueuedEvent | VerificationPayload }): Promise<string> {
  const { keys } = await loadSigningKeys()
  const key = keys.find((candidate) => candidate.alg === 'ES256')
  if (!key) throw new Error('No ES256 signing key to sign a security event with.')
  const issuer = env().appUrl
  const { payload } = event
  const body =
    payload.type === VERIFICATION
      ? { sub_id: { format: 'opaque', id: payload.streamId }, events: { [payload.type]: payload.state ? { state: payload.state } : {} } }
      : { sub_id: { format: 'iss_sub', iss: issuer, sub: payload.sub }, events: { [payload.type]: { event_timestamp: payload.at, ...payload.claims } } }
  return (
    new SignJWT(body)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'secevent+jwt' })
      .setIssuer(issuer)
      .setAudience(event.audience)
      // Signed now, also on a retry: the event's own time is its event_timestamp (CAEP 1.0 §2).
      .setIssuedAt()
      .setJti(event.jti)
      .sign(await importJWK(key, 'ES256'))
  )
}

export const VERIFICATION = 'https://schemas.openid.net/secevent/ssf/event-type/verification'

/** SSF 1.0 §8.1.4.2: the verification event names the stream as its subject and echoes the receiver's state. */
export type VerificationPayload = { type: typeof VERIFICATION; streamId: string; state: string | undefined; at: number }
