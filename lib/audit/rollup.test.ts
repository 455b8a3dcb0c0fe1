import { describe, expect, it } from 'vitest'
import { deleteAccount } from '../account/deletion'
import { db } from '../db'
import { sealPending } from './chain'

const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour))

describe('the sign-in rollups', () => {
  it('count every sealed sign-in exactly once, whoever seals, and forget the person with their account', async () => {
    const person = await db().user.create({ data: { email: 'rollup-person@example.com', groupId: 'employees' }, select: { id: true } })
    await db().passkey.create({
      data: {
        userId: person.id,
        credentialId: 'rollup-cred',
        publicKey: new Uint8Array([0]),
        aaguid: '00000000-0000-0000-0000-000000000000',
        backupEligible: true,
        backedUp: true,
        name: 'Key',
        createdAt: at(1),
      },
    })
    const signIn = (method: string, hour: number, extra: { result?: string; reason?: string; durationMs?: number } = {}) => ({
      userId: person.id,
      type: 'sign_in',
      method,
      result: extra.result ?? 'success',
      reason: extra.reason ?? null,
      detail: extra.durationMs === undefined ? null : JSON.stringify({ durationMs: extra.durationMs }),
      createdAt: at(hour),
    })
    await db().auditEvent.createMany({
      data: [
        signIn('email_code', 0, { durationMs: 40_000 }),
        signIn('email_code', 2, { durationMs: 50_000 }),
        signIn('magic_link', 3),
        signIn('passkey', 4, { durationMs: 3_000 }),
        signIn('email_code', 5, { result: 'failure', reason: 'code_wrong' }),
      ],
    })
    // Two sealers at once, then a third run: each sign-in is counted once.
    await Promise.all([sealPending(), sealPending()])
    await sealPending()
    const rows = await db().signInDay.findMany({ where: { day: '2026-11-20', groupId: 'employees' }, orderBy: [{ method: 'asc' }, { durationBucket: 'asc' }] })
    expect(rows.map(({ method, result, reason, heldPasskey, durationBucket, count }) => [method, result, reason, heldPasskey, durationBucket, count])).toEqual([
      // Before the passkey existed (00:00) the email sign-in was not a fallback; at 02:00 it was.
      ['email_code', 'failure', 'code_wrong', false, 0, 1],
      ['email_code', 'success', '', false, 45_000, 1],
      ['email_code', 'success', '', true, 60_000, 1],
      ['magic_link', 'success', '', true, 0, 1],
      ['passkey', 'success', '', false, 3_000, 1],
    ])
    expect(await db().fallbackDay.findMany({ where: { userId: person.id }, select: { day: true, count: true } })).toEqual([{ day: '2026-11-20', count: 2 }])

    await deleteAccount(person.id)
    expect(await db().fallbackDay.count({ where: { userId: person.id } })).toBe(0)
  })
})
