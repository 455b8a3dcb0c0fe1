import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { env } from '../env'

/** How long a browser has to answer a ceremony. */
export const CHALLENGE_VALID_SECONDS = 5 * 60

export type CeremonyPurpose = 'sign_in' | 'step_up' | 'register'

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
 * The ceremony cookie: a random secret whose SHA-256 keys the stored
 * challenge, so an answer only counts from the browser that asked for it.
 */
export function ceremonyCookie() {
  const secure = env().secureCookies
  return {
    name: secure ? '__Host-portal.webauthn' : 'portal.webauthn',
    options: { httpOnly: true, sameSite: 'strict' as const, path: '/', secure, maxAge: CHALLENGE_VALID_SECONDS },
  }
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex')

export function newCeremonySecret(): string {
  return randomBytes(32).toString('base64url')
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
  z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'not base64url')

const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8)

/**
 * The browser's answers, checked for shape before any parsing: sizes are
 * capped so no field can make CBOR or signature code work on megabytes.
 */
export const registrationResponseSchema = z.object({
  id: base64url(1366),
  rawId: base64url(1366),
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
  id: base64url(1366),
  rawId: base64url(1366),
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
