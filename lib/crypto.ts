import 'server-only'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
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
  | 'email-delivery-ref'
  | 'email-link-approval'
  | 'email-sign-in-code'
  | 'helpdesk-access-code'
  | 'sms-code'
  | 'known-browsers'
  | 'oidc-cookies'
  | 'oidc-signing-keys'
  | 'oidc-user-codes'
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

/**
 * AES-256-GCM under the purpose's key, with `associatedData` bound in (a row
 * copied next to another owner does not decrypt). "v1.iv.tag.ciphertext".
 */
export function sealText(purpose: KeyPurpose, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', derivedKey(purpose), iv).setAAD(Buffer.from(associatedData))
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
}

/** The text sealed by sealText, or null when it does not open (another owner's row, or AUTH_SECRET changed since). */
export function openText(purpose: KeyPurpose, stored: string, associatedData: string): string | null {
  const [version, iv, tag, sealed] = stored.split('.')
  if (version !== 'v1' || !iv || !tag || !sealed) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(purpose), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(associatedData))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
