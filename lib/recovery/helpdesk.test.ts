import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { redeemAccessCode, type Agent } from './access-codes'
import { approveAccessCodeRequest, issueAccessCode, type AccessCodeAsk } from './helpdesk'

async function person(role: Agent['role'] = 'user'): Promise<Agent> {
  return db().user.create({
    data: { email: `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`, role },
    select: { id: true, email: true, displayName: true, role: true },
  })
}

/** An agent signed in, as the helpdesk page's actions see them. */
const signedIn = (agent: Agent) => ({ session: { user: agent }, ctx: testContext({ caller: { user: { id: agent.id }, sessionId: `session-${agent.id}` } }) })

const ask = (userId: string): AccessCodeAsk => ({ userId, verification: 'Called back on the directory number.', checks: ['callback'], validHours: 4 })

const historyBy = (agent: Agent, type: string) =>
  db().auditEvent.findMany({
    where: { type, OR: [{ actorId: agent.id }, { sessionId: `session-${agent.id}` }] },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, actorId: true, reason: true, detail: true },
  })

const issuedNotices = (to: string) => db().mailboxMessage.findMany({ where: { to, subject: 'A recovery code was issued for your account' } })

describe('issueAccessCode', () => {
  it('issues a code for a person at once, shown once; the person is emailed after the response with a link to stop it', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    const { session, ctx } = signedIn(agent)
    const issued = await issueAccessCode(ask(user.id), session, ctx)
    if (!issued.ok || issued.status !== 'issued') throw new Error('not issued')
    expect(issued.forEmail).toBe(user.email)
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(issued.expiresAt.getTime() - Date.now()).toBeGreaterThan(3.9 * 3600_000)
    expect(await historyBy(agent, 'access_code_requested')).toMatchObject([{ result: 'success', userId: user.id, actorId: agent.id }])
    expect(await historyBy(agent, 'access_code_issued')).toMatchObject([{ result: 'success', userId: user.id, actorId: agent.id }])
    expect(await issuedNotices(user.email)).toHaveLength(0)
    await ctx.runLater()
    const [notice] = await issuedNotices(user.email)
    expect(notice!.text).toContain('/recover/report?token=')
    expect(notice!.text).not.toContain(issued.code)
    expect(await redeemAccessCode(user.email, issued.code, ctx.request, ctx.audit)).toMatchObject({ ok: true })
  })

  it('keeps a code for an agent or admin until a second agent approves it: no code, no email yet', async () => {
    const agent = await person('helpdesk')
    const admin = await person('admin')
    const { session, ctx } = signedIn(agent)
    expect(await issueAccessCode(ask(admin.id), session, ctx)).toEqual({ ok: true, status: 'awaiting_approval', forEmail: admin.email })
    expect(ctx.pending).toHaveLength(0)
    expect(await historyBy(agent, 'access_code_issued')).toEqual([])
  })

  it('an id that names no account is refused and kept in the details only, not as the event’s user', async () => {
    const agent = await person('helpdesk')
    const { session, ctx } = signedIn(agent)
    expect(await issueAccessCode(ask('no-such-user'), session, ctx)).toEqual({ ok: false, reason: 'access_code_user_unknown' })
    const [row] = await historyBy(agent, 'access_code_requested')
    expect(row).toMatchObject({ result: 'failure', userId: null, reason: 'access_code_user_unknown' })
    expect(JSON.parse(row!.detail!)).toEqual({
      agentId: agent.id,
      agent: agent.email,
      verification: 'Called back on the directory number.',
      checks: 'callback',
      validHours: 4,
      userId: 'no-such-user',
    })
    expect(ctx.pending).toHaveLength(0)
  })

  it('a refusal for a known account is recorded with that account: an agent asking for their own', async () => {
    const agent = await person('admin')
    const { session, ctx } = signedIn(agent)
    expect(await issueAccessCode(ask(agent.id), session, ctx)).toEqual({ ok: false, reason: 'access_code_self' })
    expect(await historyBy(agent, 'access_code_requested')).toMatchObject([{ result: 'failure', userId: agent.id, reason: 'access_code_self' }])
  })

  it('someone who is not an agent issues nothing', async () => {
    const user = await person()
    const { session, ctx } = signedIn(user)
    expect(await issueAccessCode(ask((await person()).id), session, ctx)).toEqual({ ok: false, reason: 'access_code_not_agent' })
  })
})

describe('approveAccessCodeRequest', () => {
  it('a second agent gets the code once; the person and every other admin are emailed after the response', async () => {
    const [requester, approver, target, admin] = [await person('helpdesk'), await person('helpdesk'), await person('helpdesk'), await person('admin')]
    const asked = await issueAccessCode(ask(target.id), signedIn(requester).session, signedIn(requester).ctx)
    expect(asked).toMatchObject({ ok: true, status: 'awaiting_approval' })
    const { id: requestId } = await db().accessCode.findFirstOrThrow({ where: { userId: target.id }, select: { id: true } })
    const { session, ctx } = signedIn(approver)
    const approved = await approveAccessCodeRequest({ requestId }, session, ctx)
    expect(approved).toMatchObject({ ok: true, status: 'issued', forEmail: target.email })
    expect(await historyBy(approver, 'access_code_issued')).toMatchObject([{ result: 'success', userId: target.id, actorId: approver.id }])
    expect(await issuedNotices(target.email)).toHaveLength(0)
    await ctx.runLater()
    expect(await issuedNotices(target.email)).toHaveLength(1)
    expect(await db().mailboxMessage.count({ where: { to: admin.email, subject: { contains: 'issued for an agent’s account' } } })).toBe(1)
    // Shown once: the request is no longer waiting.
    expect(await approveAccessCodeRequest({ requestId }, session, signedIn(approver).ctx)).toEqual({ ok: false, reason: 'access_code_gone' })
  })

  it('the requester cannot approve their own request; the refusal is recorded about the request, not an account', async () => {
    const requester = await person('helpdesk')
    const admin = await person('admin')
    const { session, ctx } = signedIn(requester)
    await issueAccessCode(ask(admin.id), session, ctx)
    const { id: requestId } = await db().accessCode.findFirstOrThrow({ where: { userId: admin.id }, select: { id: true } })
    expect(await approveAccessCodeRequest({ requestId }, session, ctx)).toEqual({ ok: false, reason: 'access_code_same_agent' })
    const [row] = await historyBy(requester, 'access_code_issued')
    expect(row).toMatchObject({ result: 'failure', userId: null, reason: 'access_code_same_agent' })
    expect(JSON.parse(row!.detail!)).toEqual({ agentId: requester.id, accessCodeId: requestId })
    expect(ctx.pending).toHaveLength(0)
  })
})
