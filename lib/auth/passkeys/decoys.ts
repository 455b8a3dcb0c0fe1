import 'server-only'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { derivedKey } from '../../crypto'

/**
 * Decoy credential IDs for sign-in with an address that has no passkeys (or
 * no account), so the options never tell whether an account exists
 * (ADR docs/decisions/0002-passkey-decoys.md).
 *
 * - Shape: the number of IDs, each ID's length and its transports follow the
 *   same distribution as real accounts' lists (the profiles below: the
 *   credential ID sizes and transport hints of common passkey providers).
 * - Stable: everything is derived from the address with a key from
 *   AUTH_SECRET, so asking twice gives the same list, as for a real account.
 * - Recognisable by us alone: each ID ends in a keyed tag over the rest, so a
 *   decoy sent back in an assertion is answered exactly like a real passkey
 *   with a bad signature, never as "unknown credential" (which would tell the
 *   two apart).
 */

type Profile = { weight: number; bytes: number; transports: string[] }

/** Credential ID lengths and transports as common providers create them, weighted by how often they are seen. */
export const DECOY_PROFILES: readonly Profile[] = [
  { weight: 30, bytes: 20, transports: ['hybrid', 'internal'] }, // iCloud Keychain
  { weight: 30, bytes: 16, transports: ['hybrid', 'internal'] }, // Google Password Manager, Bitwarden, 1Password
  { weight: 15, bytes: 32, transports: ['internal'] }, // Windows Hello
  { weight: 10, bytes: 64, transports: ['nfc', 'usb'] }, // security keys
  { weight: 10, bytes: 16, transports: ['internal'] }, // platform authenticators without hybrid
  { weight: 5, bytes: 48, transports: ['hybrid', 'internal', 'usb'] }, // other password managers
]
/** How many passkeys accounts that have any hold: 1 to 4, most often 1. */
export const DECOY_COUNT_WEIGHTS: readonly number[] = [50, 32, 13, 5]

const TAG_BYTES = 8
function decoyKeys() {
  return { shape: derivedKey('passkey-decoy-credentials'), tag: derivedKey('passkey-decoy-tag') }
}

/** Deterministic bytes for an address: HMAC in counter mode. */
function stream(email: string, label: string, length: number): Buffer {
  const blocks: Buffer[] = []
  for (let index = 0; blocks.length * 32 < length; index++) blocks.push(createHmac('sha256', decoyKeys().shape).update(`${label}:${index}:${email}`).digest())
  return Buffer.concat(blocks).subarray(0, length)
}

/** A weighted choice from 4 uniform bytes (bias below 1e-8). */
function pick(weights: readonly number[], bytes: Buffer): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  let point = (bytes.readUInt32BE(0) / 2 ** 32) * total
  for (const [index, weight] of weights.entries()) {
    if (point < weight) return index
    point -= weight
  }
  return weights.length - 1
}

const tagOf = (body: Buffer) => createHmac('sha256', decoyKeys().tag).update(body).digest().subarray(0, TAG_BYTES)

export function decoyCredentials(email: string): { id: string; transports: string[] }[] {
  const count = 1 + pick(DECOY_COUNT_WEIGHTS, stream(email, 'count', 4))
  return Array.from({ length: count }, (_, index) => {
    const profile =
      DECOY_PROFILES[
        pick(
          DECOY_PROFILES.map((entry) => entry.weight),
          stream(email, `profile:${index}`, 4),
        )
      ]!
    const body = stream(email, `id:${index}`, profile.bytes - TAG_BYTES)
    return { id: Buffer.concat([body, tagOf(body)]).toString('base64url'), transports: [...profile.transports] }
  })
}

/** Whether a credential ID is one of our decoys (for any address). */
export function isDecoyCredentialId(credentialId: string): boolean {
  const bytes = Buffer.from(credentialId, 'base64url')
  if (bytes.length <= TAG_BYTES) return false
  const body = bytes.subarray(0, bytes.length - TAG_BYTES)
  return timingSafeEqual(bytes.subarray(bytes.length - TAG_BYTES), tagOf(body))
}
