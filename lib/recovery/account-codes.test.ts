import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { renewRecoveryCodes } from './account-codes'
import { recoveryCodeStatus, redeemRecoveryCode } from './codes'

async function signedIn() {
  const user = await db().user.create({ data: { email: `codes-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true, email: true } })
  const session = { user: { id: user.id }, sessionId: `session-${user.id}` }
  return { user, session, ctx: testContext({ caller: session }) }
}

const notices = (to: string) => db().mailboxMessage.count({ where: { to, subject: 'New recovery codes were made for your account' } })

describe('renewRecoveryCodes', () => {
  it('makes a new set of 10 to show once, records it, and tells the person after the response', async () => {
    const { user, session, ctx } = await signedIn()
    const { codes, createdAt, replaced } = await renewRecoveryCodes(session, ctx)
    expect(codes).toHaveLength(10)
    // The first set replaces nothing: the page must not say "your earlier codes no longer work".
    expect(replaced).toBe(false)
    expect(await recoveryCodeStatus(user.id)).toEqual({ remaining: 10, total: 10, createdAt })
    const rows = await db().auditEvent.findMany({ where: { type: 'recovery_codes_generated', userId: user.id }, select: { result: true, sessionId: true } })
    expect(rows).toEqual([{ result: 'success', sessionId: session.sessionId }])
    expect(ctx.pending).toHaveLength(1)
    expect(await notices(user.email)).toBe(0)
    await ctx.runLater()
    expect(await notices(user.email)).toBe(1)
  })

  it('the earlier set stops working', async () => {
    const { user, session, ctx } = await signedIn()
    const first = await renewRecoveryCodes(session, ctx)
    const second = await renewRecoveryCodes(session, ctx)
    expect(second.replaced).toBe(true)
    expect(await redeemRecoveryCode(user.id, first.codes[0]!)).toBe(false)
    expect(await redeemRecoveryCode(user.id, second.codes[0]!)).toBe(true)
    expect(ctx.pending).toHaveLength(2)
  })
})
