import 'server-only'
import { Secret, TOTP } from 'otpauth'
import { renderSVG } from 'uqr'
import type { Audit } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import { openText, sealText } from '../crypto'

/**
 * Authenticator apps (TOTP, RFC 6238): SHA-1, 6 digits, 30-second steps, the
 * parameters every app supports. The shared secret is stored encrypted; a
 * code is accepted one step early or late (clock drift), and never twice:
 * each accepted step must be later than the last one (RFC 6238 §5.2).
 */

const TOTP_PERIOD_SECONDS = 30
const TOTP_DIGITS = 6
const TOTP_WINDOW_STEPS = 1

export type TotpEnrollment = { secret: string; uri: string; qrCodeSvg: string }
export type TotpFailure = 'totp_wrong' | 'totp_replayed' | 'totp_missing'
export type TotpResult = { ok: true } | { ok: false; reason: TotpFailure }

/** Encrypted with the user id as associated data, so a row copied to another user does not decrypt. */
const encryptSecret = (userId: string, secret: string) => sealText('totp-secret', secret, userId)

/** The secret, or null when it does not decrypt (another user's row, or AUTH_SECRET changed since). */
const decryptSecret = (userId: string, stored: string) => openText('totp-secret', stored, userId)

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: env().appName, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS })
}

function enrollmentView(secret: string, label: string): TotpEnrollment {
  const uri = totpFor(secret, label).toString()
  return { secret, uri, qrCodeSvg: renderSVG(uri, { ecc: 'M', pixelSize: 6 }) }
}

/** What a typed code means: six digits, with spaces and fullwidth digits forgiven; null otherwise. */
export function normalizeTotpCode(input: string): string | null {
  const code = input.slice(0, 32).normalize('NFKC').replace(/\s/g, '')
  return /^\d{6}$/.test(code) ? code : null
}

export type TotpStatus = { enabled: boolean; enabledAt: Date | null }

export async function totpStatus(userId: string): Promise<TotpStatus> {
  const factor = await db().totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } })
  return { enabled: Boolean(factor?.confirmedAt), enabledAt: factor?.confirmedAt ?? null }
}

/**
 * Starts (or restarts) adding an authenticator app: a new 160-bit secret
 * (RFC 4226 §4 recommends 160 bits), kept pending until a current code from
 * the app confirms it. Null when the user already has one.
 */
export async function startTotpEnrollment(user: { id: string; email: string }, now = new Date()): Promise<TotpEnrollment | null> {
  const existing = await db().totpFactor.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } })
  if (existing?.confirmedAt) return null
  const secret = new Secret({ size: 20 }).base32
  const stored = encryptSecret(user.id, secret)
  await db().totpFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secret: stored, createdAt: now },
    update: { secret: stored, createdAt: now, lastUsedStep: null },
  })
  return enrollmentView(secret, user.email)
}

/** The enrollment in progress, to show its QR code again (e.g. after a wrong code). */
export async function pendingTotpEnrollment(user: { id: string; email: string }): Promise<TotpEnrollment | null> {
  const factor = await db().totpFactor.findUnique({ where: { userId: user.id }, select: { secret: true, confirmedAt: true } })
  const secret = factor && !factor.confirmedAt ? decryptSecret(user.id, factor.secret) : null
  return secret ? enrollmentView(secret, user.email) : null
}

/** The time step a code matches (current ±1), or null. */
function matchingStep(secret: string, code: string, now: Date): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: now.getTime(),
    window: TOTP_WINDOW_STEPS,
  })
  return delta === null ? null : TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() }) + delta
}

export type TotpClient = Pick<ReturnType<typeof db>, 'totpFactor'>

/**
 * Checks a code against the user's authenticator app: the pending one when
 * `enrolling`, else the confirmed one. The step is claimed with a conditional
 * UPDATE, so a code (or an earlier one) works once even under concurrency.
 */
async function checkTotp(userId: string, typed: string, now: Date, enrolling: boolean, client: TotpClient): Promise<TotpResult> {
  const factor = await client.totpFactor.findUnique({ where: { userId }, select: { secret: true, confirmedAt: true } })
  const secret = factor && (factor.confirmedAt === null) === enrolling ? decryptSecret(userId, factor.secret) : null
  if (!secret) return { ok: false, reason: 'totp_missing' }
  const code = normalizeTotpCode(typed)
  const step = code ? matchingStep(secret, code, now) : null
  if (step === null) return { ok: false, reason: 'totp_wrong' }
  const { count } = await client.totpFactor.updateMany({
    where: {
      userId,
      confirmedAt: enrolling ? null : { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }],
    },
    data: { lastUsedStep: BigInt(step), ...(enrolling ? { confirmedAt: now } : {}) },
  })
  return count === 1 ? { ok: true } : { ok: false, reason: 'totp_replayed' }
}

/** Completes adding an authenticator app with a current code from it, and records it; a wrong code is the caller's to record. */
export function confirmTotpEnrollment(userId: string, code: string, audit: Audit, now = new Date()): Promise<TotpResult> {
  return db().$transaction(async (tx) => {
    const result = await checkTotp(userId, code, now, true, tx)
    if (result.ok) await audit({ type: 'totp_added', result: 'success', userId }, tx)
    return result
  })
}

/** Checks a code from the user's authenticator app (recovery), in `client`'s transaction when given. */
export function verifyTotp(userId: string, code: string, now = new Date(), client: TotpClient = db()): Promise<TotpResult> {
  return checkTotp(userId, code, now, false, client)
}

/**
 * Removes the app (or a set-up not finished yet): 'removed', with its history
 * row, when codes worked until now; 'cancelled' for a set-up; null for nothing.
 */
export async function removeTotp(userId: string, audit: Audit): Promise<'removed' | 'cancelled' | null> {
  return db().$transaction(async (tx) => {
    const factor = await tx.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } })
    if (!factor) return null
    await tx.totpFactor.deleteMany({ where: { userId } })
    if (!factor.confirmedAt) return 'cancelled'
    await audit({ type: 'totp_removed', result: 'success', userId }, tx)
    return 'removed'
  })
}
