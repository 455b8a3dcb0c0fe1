import 'server-only'
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import { db } from '../db'
import { openText, sealText } from '../crypto'
import { takeWorkLock } from '../work-lock'

/**
 * The provider's signing keys: ES256 signs by default, RS256 for apps whose
 * library needs it (OpenID Connect Core 1.0 §10.1; RS256 is the one every
 * library must support, §15.1). Private parts are sealed under a key derived
 * from AUTH_SECRET (lib/crypto.ts), with the kid as associated data.
 *
 * Rotation (npm run oidc:rotate-keys) never leaves an app unable to verify:
 * a new key is published at once but signs only from ACTIVATION_DELAY on, so
 * every instance (each reloads its keys every minute) publishes it before any
 * signs with it; the old key stays published for PUBLISH_RETIRED after it
 * stops signing, longer than any token signed with it lives.
 */

export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]

/** Longer than two reloads of the key set by every instance. */
export const ACTIVATION_DELAY_MS = 3 * 60_000
/** Longer than the longest-lived signed token (ID tokens: one hour). */
export const PUBLISH_RETIRED_MS = 24 * 60 * 60_000

const KEY_LOCK = 7_231_958

export type SigningKey = JsonWebKey & { kid: string; alg: SigningAlgorithm; use: 'sig' }

function generate(alg: SigningAlgorithm): { kid: string; jwk: SigningKey } {
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 })
  const exported = privateKey.export({ format: 'jwk' })
  // RFC 7638 thumbprint of the public members: a stable, collision-free kid.
  const members = alg === 'ES256' ? { crv: exported.crv, kty: exported.kty, x: exported.x, y: exported.y } : { e: exported.e, kty: exported.kty, n: exported.n }
  const kid = createHash('sha256').update(JSON.stringify(members)).digest('base64url')
  return { kid, jwk: { ...exported, kid, alg, use: 'sig' } }
}

type KeyRow = { kid: string; alg: string; sealedJwk: string; createdAt: Date; retiredAt: Date | null }

export type KeySet = {
  /** Private JWKs in the order the provider uses them: for each algorithm the key that signs comes first. */
  keys: SigningKey[]
  /** Changes whenever another key starts signing or a key is added or dropped. */
  fingerprint: string
}

/** The keys to publish, signing ones first; creates the first keys on first start (once, under a lock). */
export async function loadSigningKeys(now = new Date()): Promise<KeySet> {
  let rows = await readKeys(now)
  const missing = SIGNING_ALGORITHMS.filter((alg) => !rows.some((row) => row.alg === alg && !row.retiredAt))
  if (missing.length > 0) {
    await db().$transaction(async (tx) => {
      await takeWorkLock(tx, KEY_LOCK)
      const present = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { alg: true } })
      for (const alg of missing.filter((alg) => !present.some((row) => row.alg === alg))) {
        const { kid, jwk } = generate(alg)
        // A first key signs at once: no instance can have published another.
        await tx.oidcSigningKey.create({ data: { kid, alg, sealedJwk: sealText('oidc-signing-keys', JSON.stringify(jwk), kid), createdAt: now } })
      }
    })
    rows = await readKeys(now)
  }
  return keySet(rows, now)
}

function readKeys(now: Date): Promise<KeyRow[]> {
  return db().oidcSigningKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now.getTime() - PUBLISH_RETIRED_MS) } }] },
    orderBy: { createdAt: 'desc' },
  })
}

function keySet(rows: KeyRow[], now: Date): KeySet {
  const signs = (row: KeyRow) => row.createdAt <= now && (!row.retiredAt || row.retiredAt > now)
  const order = (row: KeyRow) => (signs(row) ? 0 : row.createdAt > now ? 1 : 2)
  const sorted = [...rows].sort((a, b) => order(a) - order(b) || b.createdAt.getTime() - a.createdAt.getTime())
  const keys: SigningKey[] = []
  for (const row of sorted) {
    const text = openText('oidc-signing-keys', row.sealedJwk, row.kid)
    // A key sealed under another AUTH_SECRET cannot be used; rotating makes new ones.
    if (text) keys.push(JSON.parse(text) as SigningKey)
  }
  return { keys, fingerprint: sorted.map((row) => `${row.kid}:${order(row)}`).join(',') }
}

/**
 * Starts a rotation: new keys for both algorithms that sign from
 * ACTIVATION_DELAY on; the current keys retire then. Returns the new kids and when they sign.
 */
export async function rotateSigningKeys(now = new Date()): Promise<{ kids: string[]; activatesAt: Date }> {
  return db().$transaction(async (tx) => {
    await takeWorkLock(tx, KEY_LOCK)
    // With no key in use yet, nothing was published before: the new keys sign at once.
    const current = await tx.oidcSigningKey.count({ where: { retiredAt: null } })
    const activatesAt = current > 0 ? new Date(now.getTime() + ACTIVATION_DELAY_MS) : now
    await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: activatesAt } })
    const kids: string[] = []
    for (const alg of SIGNING_ALGORITHMS) {
      const { kid, jwk } = generate(alg)
      await tx.oidcSigningKey.create({ data: { kid, alg, sealedJwk: sealText('oidc-signing-keys', JSON.stringify(jwk), kid), createdAt: activatesAt } })
      kids.push(kid)
    }
    return { kids, activatesAt }
  })
}

/** Drops keys retired longer ago than PUBLISH_RETIRED_MS (npm run maintenance). */
export async function deleteRetiredKeys(now = new Date()): Promise<number> {
  const { count } = await db().oidcSigningKey.deleteMany({ where: { retiredAt: { lte: new Date(now.getTime() - PUBLISH_RETIRED_MS) } } })
  return count
}
