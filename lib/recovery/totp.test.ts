import { describe, expect, it } from 'vitest'
import { oathtool } from '../../testing/oathtool'
import { db } from '../db'
import { confirmTotpEnrollment, normalizeTotpCode, pendingTotpEnrollment, removeTotp, startTotpEnrollment, totpStatus, verifyTotp } from './totp'
import { auditFor } from '../../testing/audit'

const audit = auditFor()

const T0 = new Date('2026-11-22T10:00:10Z')
const seconds = (count: number) => new Date(T0.getTime() + count * 1000)

async function newUser() {
  return db().user.create({ data: { email: `totp-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true, email: true } })
}

/** A user whose authenticator app was confirmed at T0 with oathtool's code. */
async function enrolled() {
  const user = await newUser()
  const enrollment = await startTotpEnrollment(user, T0)
  expect(await confirmTotpEnrollment(user.id, oathtool(enrollment!.secret, T0), audit, T0)).toEqual({ ok: true })
  return { user, secret: enrollment!.secret }
}

describe('authenticator app (TOTP)', () => {
  it('enrolls with a code from oathtool; the secret is stored encrypted and the QR code carries a standard otpauth URI', async () => {
    const user = await newUser()
    const enrollment = await startTotpEnrollment(user, T0)
    expect(enrollment!.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(enrollment!.uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=[A-Z2-7]{32}/)
    expect(enrollment!.uri).toContain('algorithm=SHA1')
    expect(enrollment!.uri).toContain('digits=6')
    expect(enrollment!.uri).toContain('period=30')
    expect(enrollment!.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>$/)
    const row = await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id } })
    expect(row.secret).not.toContain(enrollment!.secret)
    expect(row.confirmedAt).toBeNull()
    expect(await totpStatus(user.id)).toMatchObject({ enabled: false })
    // Pending: the same secret is shown again until confirmed.
    expect((await pendingTotpEnrollment(user))!.secret).toBe(enrollment!.secret)
    expect(await verifyTotp(user.id, oathtool(enrollment!.secret, T0), T0)).toEqual({ ok: false, reason: 'totp_missing' })
    expect(await confirmTotpEnrollment(user.id, '000000', audit, T0)).toEqual({ ok: false, reason: 'totp_wrong' })
    expect(await confirmTotpEnrollment(user.id, oathtool(enrollment!.secret, T0), audit, T0)).toEqual({ ok: true })
    expect(await totpStatus(user.id)).toMatchObject({ enabled: true })
    expect(await startTotpEnrollment(user, T0)).toBeNull()
  })

  it('refuses a code for a step already used, and an earlier one', async () => {
    const { user, secret } = await enrolled()
    // The enrollment code's own step is spent.
    expect(await verifyTotp(user.id, oathtool(secret, T0), seconds(5))).toEqual({ ok: false, reason: 'totp_replayed' })
    const later = oathtool(secret, seconds(60))
    expect(await verifyTotp(user.id, later, seconds(60))).toEqual({ ok: true })
    expect(await verifyTotp(user.id, later, seconds(61))).toEqual({ ok: false, reason: 'totp_replayed' })
    expect(await verifyTotp(user.id, oathtool(secret, seconds(30)), seconds(61))).toEqual({ ok: false, reason: 'totp_replayed' })
  })

  it('accepts one step of drift either way and refuses two', async () => {
    const { user, secret } = await enrolled()
    const now = seconds(300)
    expect(await verifyTotp(user.id, oathtool(secret, seconds(240)), now)).toEqual({ ok: false, reason: 'totp_wrong' })
    expect(await verifyTotp(user.id, oathtool(secret, seconds(270)), now)).toEqual({ ok: true })
    expect(await verifyTotp(user.id, oathtool(secret, seconds(330)), now)).toEqual({ ok: true })
    expect(await verifyTotp(user.id, oathtool(secret, seconds(360)), now)).toEqual({ ok: false, reason: 'totp_wrong' })
  })

  it('of 10 concurrent uses of one code, exactly one succeeds', async () => {
    const { user, secret } = await enrolled()
    const code = oathtool(secret, seconds(90))
    const results = await Promise.all(Array.from({ length: 10 }, () => verifyTotp(user.id, code, seconds(90))))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })

  it('a secret copied to another user’s row does not decrypt there', async () => {
    const { user } = await enrolled()
    const other = await newUser()
    const { secret } = await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id } })
    await db().totpFactor.create({ data: { userId: other.id, secret, createdAt: T0 } })
    expect(await pendingTotpEnrollment(other)).toBeNull()
    await db().totpFactor.update({ where: { userId: other.id }, data: { confirmedAt: T0 } })
    expect(await verifyTotp(other.id, '123456', seconds(60))).toEqual({ ok: false, reason: 'totp_missing' })
  })

  it('removal ends it', async () => {
    const { user, secret } = await enrolled()
    expect(await removeTotp(user.id, audit)).toBe('removed')
    expect(await verifyTotp(user.id, oathtool(secret, seconds(60)), seconds(60))).toEqual({ ok: false, reason: 'totp_missing' })
  })

  it.each([
    ['spaces', '123 456', '123456'],
    ['fullwidth digits', '１２３４５６', '123456'],
    ['five digits', '12345', null],
    ['letters', '12a456', null],
    ['Arabic-Indic digits', '١٢٣٤٥٦', null],
    ['SQL', "1' OR '1", null],
    ['a very long input', '1'.repeat(10_000), null],
  ])('normalizes %s', (_label, input, expected) => {
    expect(normalizeTotpCode(input)).toBe(expected)
  })
})
