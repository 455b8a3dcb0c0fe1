import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { recordEvent } from '../audit/record'
import { auditFor } from '../../testing/audit'
import {
  APPROVER_COOL_DOWN_DAYS,
  approveAccessCode,
  approverCoolDownUntil,
  describeReportLink,
  redeemAccessCode,
  reportAccessCode,
  requestAccessCode,
  type Agent,
} from './access-codes'
import { sendAgentCodeNoticeToAdmins } from './access-code-notices'
import { pendingApprovals } from './helpdesk-views'

const CONTEXT = { ipAddress: '203.0.113.9', userAgent: 'vitest' }
const audit = auditFor(CONTEXT)

async function person(role: 'user' | 'helpdesk' | 'admin' = 'user'): Promise<Agent> {
  return db().user.create({
    data: { email: `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`, role },
    select: { id: true, email: true, displayName: true, role: true },
  })
}

const request = (agent: Agent, userId: string, options: { validHours?: number; now?: Date } = {}) =>
  requestAccessCode({
    agent,
    userId,
    verification: 'Video call; matched badge photo.',
    checks: ['video_call'],
    validHours: options.validHours ?? 1,
    context: CONTEXT,
    audit,
    now: options.now,
  })

describe('helpdesk access codes', () => {
  it('an agent issues a code that works once, for that person’s address only, stored only as a keyed hash', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const issued = await request(agent, user.id)
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(issued.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000)
    expect(JSON.stringify(await db().accessCode.findUniqueOrThrow({ where: { id: issued.id } }))).not.toContain(issued.code.replaceAll('-', ''))
    expect(await redeemAccessCode(agent.email, issued.code, CONTEXT, audit)).toMatchObject({ ok: false, reason: 'access_code_wrong' })
    expect(await redeemAccessCode(user.email, issued.code.toLowerCase(), CONTEXT, audit)).toMatchObject({ ok: true, userId: user.id })
    expect(await redeemAccessCode(user.email, issued.code, CONTEXT, audit)).toMatchObject({ ok: false, reason: 'access_code_used' })
  })

  it('expires after its validity, at most 24 hours', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const issued = await request(agent, user.id, { validHours: 100 })
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    expect(issued.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000)
    expect(await redeemAccessCode(user.email, issued.code, CONTEXT, audit, new Date(Date.now() + 24 * 3600_000 + 1000))).toMatchObject({
      ok: false,
      reason: 'access_code_expired',
    })
  })

  it('nobody issues a code for themselves, and users who are not agents issue none', async () => {
    const agent = await person('admin')
    const user = await person()
    expect(await request(agent, agent.id)).toEqual({ ok: false, reason: 'access_code_self' })
    expect(await request(user, agent.id)).toEqual({ ok: false, reason: 'access_code_not_agent' })
  })

  it('a code for an admin waits for a second agent, who is shown it once; neither the requester nor the admin can approve', async () => {
    const first = await person('helpdesk')
    const second = await person('helpdesk')
    const admin = await person('admin')
    const pending = await request(first, admin.id)
    expect(pending).toMatchObject({ ok: true, status: 'awaiting_approval' })
    if (!pending.ok) throw new Error('refused')
    expect((await pendingApprovals(first)).map((row) => row.id)).not.toContain(pending.id)
    expect((await pendingApprovals(admin)).map((row) => row.id)).not.toContain(pending.id)
    expect((await pendingApprovals(second)).map((row) => row.id)).toContain(pending.id)
    expect(await approveAccessCode({ agent: first, requestId: pending.id, context: CONTEXT, audit })).toEqual({ ok: false, reason: 'access_code_same_agent' })
    expect(await approveAccessCode({ agent: admin, requestId: pending.id, context: CONTEXT, audit })).toEqual({ ok: false, reason: 'access_code_self' })
    const approved = await approveAccessCode({ agent: second, requestId: pending.id, context: CONTEXT, audit })
    if (!approved.ok || approved.status !== 'active') throw new Error('not approved')
    expect(await approveAccessCode({ agent: second, requestId: pending.id, context: CONTEXT, audit })).toEqual({ ok: false, reason: 'access_code_gone' })
    expect(await redeemAccessCode(admin.email, approved.code, CONTEXT, audit)).toMatchObject({ ok: true, userId: admin.id })
  })

  it('of 10 concurrent redemptions of one code, exactly one succeeds', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const issued = await request(agent, user.id)
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    const results = await Promise.all(Array.from({ length: 10 }, () => redeemAccessCode(user.email, issued.code, CONTEXT, audit)))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })

  it('the report link in the person’s email stops an active code; opening it changes nothing', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const issued = await request(agent, user.id)
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    expect(await describeReportLink(issued.reportToken)).toBe('active')
    expect(await describeReportLink(issued.reportToken)).toBe('active')
    expect(await reportAccessCode(issued.reportToken, audit)).toMatchObject({ ok: true, userId: user.id, stopped: true })
    expect(await describeReportLink(issued.reportToken)).toBe('reported')
    expect(await redeemAccessCode(user.email, issued.code, CONTEXT, audit)).toMatchObject({ ok: false, reason: 'access_code_wrong' })
    expect(await reportAccessCode('x'.repeat(43), audit)).toEqual({ ok: false })
    expect(await describeReportLink('<script>')).toBe('invalid')
  })

  it('reporting a code that was already used stops nothing but is still a report', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const issued = await request(agent, user.id)
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    await redeemAccessCode(user.email, issued.code, CONTEXT, audit)
    expect(await describeReportLink(issued.reportToken)).toBe('used')
    expect(await reportAccessCode(issued.reportToken, audit)).toMatchObject({ ok: true, stopped: false })
  })

  it('a code for another helpdesk agent waits for a second agent, like a code for an admin', async () => {
    const first = await person('helpdesk')
    const colleague = await person('helpdesk')
    const pending = await request(first, colleague.id)
    expect(pending).toMatchObject({ ok: true, status: 'awaiting_approval', forAgent: true })
    if (!pending.ok) throw new Error('refused')
    expect(await db().accessCode.findUniqueOrThrow({ where: { id: pending.id }, select: { hash: true, status: true } })).toEqual({
      hash: null,
      status: 'awaiting_approval',
    })
    // A plain user's code is still issued at once.
    expect(await request(first, (await person()).id)).toMatchObject({ ok: true, status: 'active', forAgent: false })
  })

  it('the escalation chain stops: an agent cannot take a colleague’s account and use it to approve a code for an admin', async () => {
    const attacker = await person('helpdesk')
    const colleague = await person('helpdesk')
    const third = await person('helpdesk')
    const admin = await person('admin')
    // Step 1 no longer hands the attacker a code: it waits for a second agent.
    const forColleague = await request(attacker, colleague.id)
    expect(forColleague).toMatchObject({ ok: true, status: 'awaiting_approval' })
    if (!forColleague.ok) throw new Error('refused')
    // Even if a third agent approves and the code reaches the attacker, the recovered account cannot approve for 14 days.
    const approved = await approveAccessCode({ agent: third, requestId: forColleague.id, context: CONTEXT, audit })
    if (!approved.ok || approved.status !== 'active') throw new Error('not approved')
    const redeemed = await redeemAccessCode(colleague.email, approved.code, CONTEXT, audit)
    expect(redeemed).toMatchObject({ ok: true })
    const forAdmin = await request(attacker, admin.id)
    if (!forAdmin.ok) throw new Error('refused')
    expect(await approveAccessCode({ agent: colleague, requestId: forAdmin.id, context: CONTEXT, audit })).toEqual({
      ok: false,
      reason: 'access_code_approver_recent',
    })
    expect(await db().accessCode.findUniqueOrThrow({ where: { id: forAdmin.id }, select: { status: true } })).toEqual({ status: 'awaiting_approval' })
    const later = new Date(Date.now() + (APPROVER_COOL_DOWN_DAYS * 86_400_000 + 60_000))
    expect(await approverCoolDownUntil(colleague.id, later)).toBeNull()
  })

  it('a passkey or another factor added recently also keeps an agent from approving; older events and failures do not', async () => {
    const agent = await person('helpdesk')
    expect(await approverCoolDownUntil(agent.id)).toBeNull()
    await recordEvent({ type: 'passkey_added', result: 'failure', userId: agent.id })
    await recordEvent({ type: 'sign_in', result: 'success', userId: agent.id })
    expect(await approverCoolDownUntil(agent.id)).toBeNull()
    const at = new Date(Date.now() - 86_400_000)
    await recordEvent({ type: 'passkey_added', result: 'success', userId: agent.id }, at)
    expect(await approverCoolDownUntil(agent.id)).toEqual(new Date(at.getTime() + APPROVER_COOL_DOWN_DAYS * 86_400_000))
  })

  it('every other active admin is emailed when a code is issued for an agent', async () => {
    const [requester, approver, target, admin] = [await person('helpdesk'), await person('helpdesk'), await person('helpdesk'), await person('admin')]
    const pending = await request(requester, target.id)
    if (!pending.ok) throw new Error('refused')
    const approved = await approveAccessCode({ agent: approver, requestId: pending.id, context: CONTEXT, audit })
    if (!approved.ok) throw new Error('refused')
    await sendAgentCodeNoticeToAdmins({ accessCodeId: approved.id, approvedBy: approver, context: { ipAddress: null, userAgent: null } })
    const notice = await db().mailboxMessage.findFirstOrThrow({ where: { to: admin.email } })
    expect(notice.subject).toContain('A recovery code was issued for an agent’s account')
    expect(notice.text).toContain(target.email)
    expect(notice.text).toContain(requester.email)
    expect(notice.text).toContain(approver.email)
    expect(await db().mailboxMessage.count({ where: { to: { in: [requester.email, approver.email, target.email] } } })).toBe(0)
  })
})
