import 'server-only'
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers'
import { z } from 'zod'
import { env } from '../../env'
import { derivedKey } from '../../crypto'
import { portalCookie } from '../../web/cookies'

/** How long a browser has to answer a ceremony. */
export const CHALLENGE_VALID_SECONDS = 5 * 60

/**
 * Relying-party settings come from configuration only (WEBAUTHN_RP_ID,
 * WEBAUTHN_ORIGINS, APP_URL), never from request headers, so a proxied or
 * spoofed Host cannot make us accept another site's assertions (§13.4.9).
 */
export function relyingParty(): { id: string; name: string; origins: string[] } {
  const { rpId, rpName, origins } = env().webauthn
  return { id: rpId, name: rpName, origins }
}

/**
 * The ceremony cookie: the sealed challenge of the ceremony this browser was
 * last given options for, so an answer only counts from the browser that
 * asked for it.
 */
export function ceremonyCookie() {
  return portalCookie('portal.webauthn', { sameSite: 'strict', maxAge: CHALLENGE_VALID_SECONDS })
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex')

/** Whom a challenge is for: anyone (sign-in), or one signed-in account's step-up or new passkey. */
export type CeremonyFor = { purpose: 'sign_in' } | { purpose: 'step_up' | 'register'; userId: string }

const SEAL_VERSION = 'v2.'

/**
 * Every ceremony's challenge is carried by the browser's own cookie instead
 * of a database row, so handing out options (pages ask for them on every
 * view, before any press) writes nothing: "v2.<challenge>.<expires ms>.<HMAC>",
 * keyed from AUTH_SECRET. The HMAC also covers the purpose and, for step-up
 * and registration, the account it was issued to, which the token does not
 * carry: an answer is checked against the purpose and session it arrives
 * with, so a token minted for sign-in, for adding a passkey or for another
 * account does not open (the relying party must know which ceremony and user
 * a challenge belongs to, WebAuthn L3 §13.4.3). The server accepts a token
 * once: the answer inserts a row under the token's hash (challenges.ts), and
 * a second answer with the same token finds it taken.
 */
export function sealChallenge(challenge: string, expiresAt: Date, ceremony: CeremonyFor): string {
  const expires = String(expiresAt.getTime())
  return `${SEAL_VERSION}${challenge}.${expires}.${sealMac(ceremony, challenge, expires)}`
}

/**
 * The challenge and expiry in a sealed token, or null unless we made it for
 * this very ceremony (purpose and account) and it has not expired. The one
 * check every answer passes before anything else is read.
 */
export function openSealedChallenge(token: string, ceremony: CeremonyFor, now: Date): { challenge: string; expiresAt: Date } | null {
  if (!token.startsWith(SEAL_VERSION)) return null
  const [challenge, expires, mac, ...rest] = token.slice(SEAL_VERSION.length).split('.')
  if (!challenge || !expires || !mac || rest.length > 0 || !/^\d{1,15}$/.test(expires)) return null
  const expected = Buffer.from(sealMac(ceremony, challenge, expires))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const expiresAt = new Date(Number(expires))
  return expiresAt > now ? { challenge, expiresAt } : null
}

function sealMac(ceremony: CeremonyFor, challenge: string, expires: string): string {
  // Only the account id is free text; the fields around it have fixed forms without "|", so the joined text names one set of values.
  const userId = ceremony.purpose === 'sign_in' ? '' : ceremony.userId
  return createHmac('sha256', derivedKey('webauthn-sealed-challenge')).update(`${ceremony.purpose}|${userId}|${challenge}|${expires}`).digest('base64url')
}

/** 256 random bits from the CSPRNG (§13.4.3 asks for at least 16 bytes); the options carry them base64url-encoded. */
export function newChallenge(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(32))
}

/** The user handle we give authenticators: the account id's bytes, no personal data (§14.6.1). */
export function userHandleFor(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64url')
}

export function userHandleBytes(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, 'utf8'))
}

const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'not base64url')

/** Credential IDs are at most 1023 bytes (WebAuthn L3 §5.1, credential ID): 1364 base64url characters. */
const MAX_CREDENTIAL_ID_BYTES = 1023
const credentialIdField = base64url(Math.ceil((MAX_CREDENTIAL_ID_BYTES * 4) / 3)).refine(
  (value) => Buffer.from(value, 'base64url').length <= MAX_CREDENTIAL_ID_BYTES,
  'credential ID too long',
)

const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8)

/**
 * The browser's answers, checked for shape before any parsing: sizes are
 * capped so no field can make CBOR or signature code work on megabytes.
 */
export const registrationResponseSchema = z.object({
  id: credentialIdField,
  rawId: credentialIdField,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(32768),
    transports: transports.optional(),
    authenticatorData: base64url(32768).optional(),
    publicKey: base64url(4096).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
})

export const authenticationResponseSchema = z.object({
  id: credentialIdField,
  rawId: credentialIdField,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(32768),
    signature: base64url(2048),
    userHandle: base64url(128).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
})

export type RegistrationResponse = z.output<typeof registrationResponseSchema>
export type AuthenticationResponse = z.output<typeof authenticationResponseSchema>

/**
 * Whether the ceremony ran in a top-level page of ours. WebAuthn L3 §7.1
 * steps 12–13 and §7.2 steps 14–15: a crossOrigin or topOrigin in the client
 * data means it ran inside a frame of another page. The portal forbids
 * framing (frame-ancestors 'none') and never embeds its ceremonies, so there
 * is no top origin to allow: such answers are refused.
 *
 * §5.8.1 types crossOrigin as a boolean that a browser omits or sets; only
 * "absent" and the JSON literal false say "same origin". Any other value (the
 * string "false" included) is not what a browser writes, so it is refused
 * rather than guessed at, and so is a topOrigin of any value, null included.
 */
export function ranTopLevel(clientDataJSON: string): boolean {
  let data: unknown
  try {
    data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'))
  } catch {
    return false
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false
  const sameOrigin = !Object.hasOwn(data, 'crossOrigin') || (data as { crossOrigin: unknown }).crossOrigin === false
  return sameOrigin && !Object.hasOwn(data, 'topOrigin')
}

/** The algorithms registration offers (pubKeyCredParams): EdDSA, ES256, RS256, as most authenticators use. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257] as const

// COSE key types (RFC 9052 §7) and the algorithms each may be used with (RFC 9053, RFC 8812).
const EC2 = 2
const RSA = 3
const OKP = 1
const CURVE_FOR_EC2_ALGORITHM: Record<number, number> = { [-7]: 1, [-35]: 2, [-36]: 3 }
const RSA_ALGORITHMS = new Set([-257, -258, -259, -37, -38, -39])

/**
 * Whether a credential public key's declared algorithm fits its key type and
 * curve, and is one the registration options offered (WebAuthn L3 §7.1 step
 * 28 names the algorithm; an EC P-256 key labelled RS256 is not a valid key).
 */
function keyMatchesAlgorithm(key: { kty: unknown; alg: unknown; crv: unknown }, offered: readonly number[]): boolean {
  const { kty, alg, crv } = key
  if (typeof alg !== 'number' || !offered.includes(alg)) return false
  if (kty === EC2) return CURVE_FOR_EC2_ALGORITHM[alg] !== undefined && CURVE_FOR_EC2_ALGORITHM[alg] === crv
  if (kty === RSA) return RSA_ALGORITHMS.has(alg)
  if (kty === OKP) return alg === -8 && crv === 6
  return false
}

/** The new credential's ID is at most 1023 bytes, and its key's declared algorithm fits the key (§5.1, §7.1 step 28). */
export function storableCredential(credential: { id: string; publicKey: Uint8Array }): boolean {
  if (Buffer.from(credential.id, 'base64url').length > MAX_CREDENTIAL_ID_BYTES) return false
  try {
    const key = decodeCredentialPublicKey(new Uint8Array(credential.publicKey)) as unknown as Map<number, unknown>
    return keyMatchesAlgorithm({ kty: key.get(cose.COSEKEYS.kty), alg: key.get(cose.COSEKEYS.alg), crv: key.get(cose.COSEKEYS.crv) }, SUPPORTED_ALGORITHMS)
  } catch {
    return false
  }
}
