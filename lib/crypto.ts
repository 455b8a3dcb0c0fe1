import 'server-only'
import { hkdfSync } from 'node:crypto'
import { env } from './env'

/**
 * Every key the portal uses, derived from the one configured secret,
 * AUTH_SECRET, with HKDF-SHA256 (RFC 5869): salt "passkey-portal", info the
 * key's purpose. Operators set one secret; each use gets a key of its own, so
 * a MAC made for one purpose never verifies for another. Changing a purpose
 * string changes its key, which invalidates what was made with the old one.
 */
export type KeyPurpose =
  | 'audit-log-seal'
  | 'client-address'
  | 'email-link-approval'
  | 'email-sign-in-code'
  | 'helpdesk-access-code'
  | 'known-browsers'
  | 'passkey-decoy-credentials'
  | 'passkey-decoy-tag'
  | 'recovery-code'
  | 'totp-secret'
  | 'webauthn-sealed-challenge'

const derived = new Map<string, Buffer>()

/** The 32-byte key for one purpose (from `secret` when given, as the server does before the app's configuration is read). */
export function derivedKey(purpose: KeyPurpose, secret = env().authSecret): Buffer {
  const cacheKey = `${purpose}\u0000${secret}`
  let key = derived.get(cacheKey)
  if (!key) derived.set(cacheKey, (key = Buffer.from(hkdfSync('sha256', secret, 'passkey-portal', purpose, 32))))
  return key
}
