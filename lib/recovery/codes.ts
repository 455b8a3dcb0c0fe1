import 'server-only'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Audit } from '../audit/record'
import { db } from '../db'
import { derivedKey } from '../crypto'

/**
 * Recovery codes: 10 single-use codes of 80 random bits each, written as 16
 * Crockford base32 characters in groups of four (K7QF-2M9D-X4TW-8HNC). Only a
 * salted, keyed hash of each is stored, so the set is shown once.
 */

export const RECOVERY_CODE_COUNT = 10
/** At or below this many unused codes, the account pages suggest making a new set. */
export const RECOVERY_CODES_LOW = 3

// Crockford's base32: no I, L, O or U, so codes read aloud or copied by hand survive.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_LENGTH = 16

/** 10 random bytes = 80 bits = 16 base32 characters (recovery codes and helpdesk access codes). */
export function newRandomCode(): string {
  const bytes = randomBytes(10)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let code = ''
  for (let index = CODE_LENGTH - 1; index >= 0; index--) code += ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)]
  return code
}

/** How a code is shown: four groups of four. */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{4}/g)!.join('-')
}

/**
 * What a typed code means, or null when it cannot be one: fullwidth and
 * lower-case letters, spaces and dashes are forgiven, and so are the letters
 * Crockford's alphabet leaves out for looking like digits (O→0, I and L→1).
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (input.length > 64) return null
  const code = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (code.length !== CODE_LENGTH) return null
  for (const character of code) if (!ALPHABET.includes(character)) return null
  return code
}

/** Codes carry 80 bits, so a fast keyed hash is enough; the per-code salt keeps equal codes from hashing alike. */
function hashRecoveryCode(salt: string, code: string): Buffer {
  return createHmac('sha256', derivedKey('recovery-code')).update(`${salt}:${code}`).digest()
}

/** Replaces the user's recovery codes with a new set, with its history row; returns the codes to show once, formatted. */
export async function generateRecoveryCodes(userId: string, audit: Audit, now = new Date()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRandomCode)
  const rows = codes.map((code) => {
    const salt = randomBytes(16).toString('hex')
    return { userId, salt, hash: hashRecoveryCode(salt, code).toString('hex'), createdAt: now }
  })
  await db().$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } })
    await tx.recoveryCode.createMany({ data: rows })
    await audit({ type: 'recovery_codes_generated', result: 'success', userId }, tx)
  })
  return codes.map(formatRecoveryCode)
}

export type RecoveryCodeStatus = { remaining: number; total: number; createdAt: Date | null }

export async function recoveryCodeStatus(userId: string): Promise<RecoveryCodeStatus> {
  const rows = await db().recoveryCode.findMany({ where: { userId }, select: { usedAt: true, createdAt: true } })
  return { remaining: rows.filter((row) => row.usedAt === null).length, total: rows.length, createdAt: rows[0]?.createdAt ?? null }
}

/**
 * Redeems one of the user’s recovery codes, in `client`'s transaction when
 * given. Every unused code is compared in constant time; the match is then
 * claimed with a conditional UPDATE, so of any number of concurrent uses of
 * one code exactly one succeeds.
 */
export async function redeemRecoveryCode(
  userId: string,
  typed: string,
  now = new Date(),
  client: Pick<ReturnType<typeof db>, 'recoveryCode'> = db(),
): Promise<boolean> {
  const code = normalizeRecoveryCode(typed)
  if (!code) return false
  const unused = await client.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, salt: true, hash: true } })
  let matchId: string | null = null
  for (const row of unused) {
    if (timingSafeEqual(hashRecoveryCode(row.salt, code), Buffer.from(row.hash, 'hex'))) matchId = row.id
  }
  if (!matchId) return false
  const { count } = await client.recoveryCode.updateMany({ where: { id: matchId, userId, usedAt: null }, data: { usedAt: now } })
  return count === 1
}
