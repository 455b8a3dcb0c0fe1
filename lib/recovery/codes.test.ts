import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { formatRecoveryCode, generateRecoveryCodes, normalizeRecoveryCode, recoveryCodeStatus, redeemRecoveryCode } from './codes'
import { auditFor } from '../../testing/audit'

const audit = auditFor()

async function newUser() {
  return db().user.create({ data: { email: `rc-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
}

describe('recovery codes', () => {
  it('makes 10 distinct 80-bit codes in groups of four and stores only salted hashes', async () => {
    const user = await newUser()
    const codes = await generateRecoveryCodes(user.id, audit)
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    const rows = await db().recoveryCode.findMany({ where: { userId: user.id } })
    expect(new Set(rows.map((row) => row.salt)).size).toBe(10)
    const stored = JSON.stringify(rows)
    for (const code of codes) {
      expect(stored).not.toContain(code)
      expect(stored).not.toContain(code.replaceAll('-', ''))
    }
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 10, total: 10 })
  })

  it('works once, counts down, and refuses a wrong code and another user’s code', async () => {
    const user = await newUser()
    const other = await newUser()
    const [first, second] = await generateRecoveryCodes(user.id, audit)
    const [othersCode] = await generateRecoveryCodes(other.id, audit)
    expect(await redeemRecoveryCode(user.id, first!)).toBe(true)
    expect(await redeemRecoveryCode(user.id, first!)).toBe(false)
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 9, total: 10 })
    expect(await redeemRecoveryCode(user.id, othersCode!)).toBe(false)
    expect(await redeemRecoveryCode(user.id, '0000-0000-0000-0000')).toBe(false)
    // Typed the way people type: lower case, spaces instead of dashes, O for 0.
    const typed = second!.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o')
    expect(await redeemRecoveryCode(user.id, typed)).toBe(true)
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 8 })
  })

  it('regenerating invalidates every earlier code', async () => {
    const user = await newUser()
    const old = await generateRecoveryCodes(user.id, audit)
    const fresh = await generateRecoveryCodes(user.id, audit)
    for (const code of old) expect(await redeemRecoveryCode(user.id, code)).toBe(false)
    expect(await redeemRecoveryCode(user.id, fresh[3]!)).toBe(true)
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 9, total: 10 })
  })

  it('of 20 concurrent uses of one code, exactly one succeeds', async () => {
    const user = await newUser()
    const [code] = await generateRecoveryCodes(user.id, audit)
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemRecoveryCode(user.id, code!)))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 9 })
  })

  it.each([
    ['fullwidth characters', 'ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲＳ', 'ABCDEFGHJKMNPQRS'],
    ['I and L for 1', 'i1l1-0000-0000-0000', '1111000000000000'],
    ['a Unicode dash', 'ABCD\u2013EFGH\u2013JKMN\u2013PQRS', 'ABCDEFGHJKMNPQRS'],
    ['U, which is not in the alphabet', 'UUUU-0000-0000-0000', null],
    ['too short', 'ABCD-EFGH', null],
    ['too long', 'ABCD-EFGH-JKMN-PQRS-T', null],
    ['SQL', "' OR 1=1 --", null],
    ['HTML', '<b>ABCD</b>EFGHJKMNPQ', null],
    ['a very long input', 'A'.repeat(10_000), null],
    ['an emoji', 'ABCD-EFGH-JKMN-PQR😀', null],
  ])('normalizes %s', (_label, input, expected) => {
    expect(normalizeRecoveryCode(input)).toBe(expected)
  })

  it('formats codes in groups of four', () => {
    expect(formatRecoveryCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS')
  })
})
