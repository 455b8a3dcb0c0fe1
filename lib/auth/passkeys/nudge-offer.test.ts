import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { BREAK_GLASS_GROUP } from '../../policy/presets'
import { policySchema } from '../../policy/schema'
import { recordNudgeOffer } from './device-passkeys'

const context = { ipAddress: '192.0.2.9', userAgent: null }

async function person(groupId: string) {
  return (await db().user.create({ data: { email: `offer-${Math.random().toString(36).slice(2, 10)}@example.com`, groupId }, select: { id: true } })).id
}

const offers = (userId: string) => db().auditEvent.count({ where: { userId, type: 'passkey_nudge_offered' } })

describe('the passkey offer after an email sign-in', () => {
  it('is recorded when the group suggests a passkey and none of the person’s passkeys is on this browser', async () => {
    // Customers' seeded policy suggests a passkey (a nudge).
    const userId = await person('customers')
    await db().passkey.create({
      data: {
        userId,
        credentialId: `elsewhere-${userId}`,
        publicKey: new Uint8Array([0]),
        aaguid: '0',
        name: 'Phone',
        backupEligible: true,
        backedUp: true,
        createdAt: new Date(),
      },
    })
    await recordNudgeOffer({ userId, method: 'email_code', devicePasskeys: undefined, snoozed: undefined, context })
    expect(await offers(userId)).toBe(1)

    // Not for a passkey sign-in, not after "Not now", not where one of the person's passkeys was used.
    await recordNudgeOffer({ userId, method: 'passkey', devicePasskeys: undefined, snoozed: undefined, context })
    await recordNudgeOffer({ userId, method: 'magic_link', devicePasskeys: undefined, snoozed: String(Date.now()), context })
    await recordNudgeOffer({ userId, method: 'magic_link', devicePasskeys: `other.elsewhere-${userId}`, snoozed: undefined, context })
    expect(await offers(userId)).toBe(1)
  })

  it('is not recorded when the group leaves passkeys optional, without a prompt', async () => {
    const policy = JSON.stringify(policySchema.parse({ passkey: 'optional' }))
    const groupId = (await db().group.create({ data: { name: `Optional ${Math.random()}`, policy }, select: { id: true } })).id
    const userId = await person(groupId)
    await recordNudgeOffer({ userId, method: 'email_code', devicePasskeys: undefined, snoozed: undefined, context })
    expect(await offers(userId)).toBe(0)
  })
})

describe('the offer after a sign-in with another device’s passkey', () => {
  it('is recorded whatever the group, unless snoozed or one of the person’s passkeys is on this browser', async () => {
    const policy = JSON.stringify(policySchema.parse({ passkey: 'optional' }))
    const groupId = (await db().group.create({ data: { name: `Optional ${Math.random()}`, policy }, select: { id: true } })).id
    const userId = await person(groupId)
    await recordNudgeOffer({ userId, method: 'passkey', devicePasskeys: undefined, snoozed: undefined, crossDevice: '1', context })
    expect(await db().auditEvent.findMany({ where: { userId, type: 'passkey_nudge_offered' }, select: { method: true } })).toEqual([{ method: 'passkey' }])

    await recordNudgeOffer({ userId, method: 'passkey', devicePasskeys: undefined, snoozed: String(Date.now()), crossDevice: '1', context })
    await recordNudgeOffer({ userId, method: 'passkey', devicePasskeys: undefined, snoozed: undefined, crossDevice: 'yes', context })
    expect(await offers(userId)).toBe(1)
  })

  it('is not recorded for the break-glass account, nor where the group allows listed authenticators only', async () => {
    const policy = JSON.stringify(policySchema.parse({ authenticators: { list: 'allow', aaguids: ['ee882879-721c-4913-9775-3dfcce97072a'] } }))
    const listed = (await db().group.create({ data: { name: `Listed keys ${Math.random()}`, policy }, select: { id: true } })).id
    for (const groupId of [BREAK_GLASS_GROUP, listed]) {
      const userId = await person(groupId)
      await recordNudgeOffer({ userId, method: 'passkey', devicePasskeys: undefined, snoozed: undefined, crossDevice: '1', context })
      expect(await offers(userId)).toBe(0)
    }
  })
})
