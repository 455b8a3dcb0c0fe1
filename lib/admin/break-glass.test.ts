import { describe, expect, it } from 'vitest'
import { auditFor } from '../../testing/audit'
import { db } from '../db'
import { generateRecoveryCodes } from '../recovery/codes'
import { approveAccessCode, redeemAccessCode, requestAccessCode, type Agent } from '../recovery/access-codes'
import { completeRecovery, proveRecoveryEmail, recoveryRules, startRecovery } from '../recovery/self-service'

/**
 * The break-glass administrator has no recovery of any kind: every path is
 * refused, recorded as a flagged event and announced (through the outbox) to
 * every other administrator, whatever its group's policy says.
 */

const context = { ipAddress: '203.0.113.40', userAgent: 'vitest' }
const audit = auditFor(context)
const unique = () => Math.random().toString(36).slice(2, 10)

async function person(role: 'user' | 'helpdesk' | 'admin', groupId = 'customers'): Promise<Agent> {
  return db().user.create({
    data: { email: `${role}-${unique()}@example.com`, role, groupId },
    select: { id: true, email: true, displayName: true, role: true },
  })
}

const ask = (agent: Agent, userId: string) =>
  requestAccessCode({ agent, userId, verification: 'Video call; matched the badge photo.', checks: ['video_call'], validHours: 1, context, audit })

async function flags(userId: string) {
  return db().auditEvent.findMany({
    where: { userId, type: 'break_glass_recovery_refused' },
    select: { result: true, reason: true, actorName: true, detail: true },
  })
}

/** Notices queued for an address (the outbox sends them within seconds). */
async function noticesTo(address: string): Promise<number> {
  const rows = await db().outboxMessage.findMany({ select: { payload: true } })
  return rows.filter((row) => (JSON.parse(row.payload) as { address: string }).address === address).length
}

describe('the break-glass administrator cannot be recovered', () => {
  it('an access code request is refused before anything is stored, flagged with the agent, and announced to every administrator', async () => {
    const admins = [await person('admin'), await person('admin', 'administrators')]
    const breakGlass = await person('admin', 'break-glass')
    const agent = await person('helpdesk')

    expect(await ask(agent, breakGlass.id)).toEqual({ ok: false, reason: 'break_glass_no_recovery' })

    expect(await db().accessCode.count({ where: { userId: breakGlass.id } })).toBe(0)
    const [flag] = await flags(breakGlass.id)
    expect(flag).toMatchObject({ result: 'failure', reason: 'break_glass_no_recovery', actorName: agent.email })
    expect(JSON.parse(flag!.detail!)).toMatchObject({ attempt: 'access_code_request', by: agent.email })
    for (const admin of admins) expect(await noticesTo(admin.email)).toBe(1)
    expect(await noticesTo(breakGlass.email)).toBe(0)
  })

  it('a request made before the account joined the group is not approved, and a code issued before is not redeemed', async () => {
    const [first, second] = [await person('helpdesk'), await person('helpdesk')]
    const target = await person('admin')
    const pending = await ask(first, target.id)
    expect(pending).toMatchObject({ ok: true, status: 'awaiting_approval' })
    const colleague = await person('user')
    const issued = await ask(first, colleague.id)
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    await db().user.updateMany({ where: { id: { in: [target.id, colleague.id] } }, data: { groupId: 'break-glass' } })

    expect(await approveAccessCode({ agent: second, requestId: pending.ok ? pending.id : '', context, audit })).toEqual({
      ok: false,
      reason: 'break_glass_no_recovery',
    })
    expect(await redeemAccessCode(colleague.email, issued.code, context, audit)).toMatchObject({ ok: false, reason: 'access_code_wrong' })
    // The code is stopped: it would not work even after a move back.
    expect((await db().accessCode.findUniqueOrThrow({ where: { id: issued.id } })).status).toBe('expired')
    expect((await flags(target.id)).map((flag) => JSON.parse(flag.detail!).attempt)).toEqual(['access_code_approval'])
    expect((await flags(colleague.id)).map((flag) => JSON.parse(flag.detail!).attempt)).toEqual(['access_code_use'])
  })

  it('self-service recovery is refused even with a valid recovery code and a policy that would allow it', async () => {
    const breakGlass = await person('admin', 'break-glass')
    const group = await db().group.findUniqueOrThrow({ where: { id: 'break-glass' } })
    await db().group.update({
      where: { id: 'break-glass' },
      data: { policy: JSON.stringify({ ...JSON.parse(group.policy), recovery: { selfService: true, emailAlone: true } }) },
    })
    try {
      const [code] = await generateRecoveryCodes(breakGlass.id, audit)
      const challenge = await startRecovery(breakGlass.email, context)
      expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
      expect(
        (await recoveryRules([{ id: breakGlass.id, hasPasskey: true, hasRecoveryCodes: true, hasTotp: false, passkeyOnly: false }])).get(breakGlass.id),
      ).toEqual({
        selfService: false,
        emailAlone: false,
        emailAloneWaitHours: 0,
        breakGlass: true,
      })
      expect(await completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit)).toEqual({ ok: false, reason: 'recovery_helpdesk_only' })
      expect(await db().recoveryCode.count({ where: { userId: breakGlass.id, usedAt: null } })).toBe(10)
      expect((await flags(breakGlass.id)).map((flag) => JSON.parse(flag.detail!).attempt)).toEqual(['self_service'])
    } finally {
      await db().group.update({ where: { id: 'break-glass' }, data: { policy: group.policy } })
    }
  })
})
