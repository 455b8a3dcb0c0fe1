import 'server-only'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { env } from '../env'

/**
 * SCIM clients authenticate with a bearer token (RFC 7644 §2). The
 * configuration holds only each token's SHA-256 (SCIM_TOKENS), so a leaked
 * configuration cannot be replayed; rotation is adding a new pair, moving
 * the client over and removing the old one.
 */

export const hashScimToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')

/** A new token: 32 random bytes, prefixed so it is recognisable in a secret scanner. */
export function newScimToken(): string {
  return `scim_${randomBytes(32).toString('base64url')}`
}

/** The client a bearer token belongs to, or null. Every configured hash is compared, in constant time. */
export function scimClientFor(authorization: string | null): { name: string } | null {
  const match = authorization?.match(/^Bearer ([A-Za-z0-9._~+/=-]{20,200})$/)
  if (!match) return null
  const presented = Buffer.from(hashScimToken(match[1]!), 'hex')
  let found: { name: string } | null = null
  for (const token of env().scimTokens) {
    if (timingSafeEqual(presented, Buffer.from(token.hash, 'hex'))) found = { name: token.name }
  }
  return found
}
