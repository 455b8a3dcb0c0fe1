import { describe, expect, it } from 'vitest'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { hashSessionSecret } from '../auth/session/store'
import { db } from '../db'
import { recoverWithAccessCode, reportAccessCodeFromEmail } from './access-code-use'
import { describeReportLink, requestAccessCode, type Agent } from './access-codes'

let network = 0
const freshContext = () => testContext({ request: { ipAddress: `192.0.2.${++network}`, userAgent: 'vitest' } })

async function person(role: Agent['role'] = 'user'): Promise<Agent> {
  return db().user.create({
    data: { email: `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`, role },
    select: { id: true, email: true, displayName: true, role: true },
  })
}

/** A code a helpdesk agent issued for a new person. */
async function issuedCode() {
  const user = await person()
  const ctx = testContext()
  const issued = await requestAccessCode({
    agent: await person('helpdesk'),
    userId: user.id,
    verification: 'Video call; matched badge photo.',
    checks: ['video_call'],
    validHours: 1,
    context: ctx.request,
    audit: ctx.audit,
  })
  if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
  return { user, ...issued }
}

function historyOf(ctx: TestUseCaseContext, type: string) {
  return db().auditEvent.findMany({
    where: { ipAddress: ctx.request.ipAddress, type },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, reason: true, detail: true },
  })
}

async function browserSession(ctx: TestUseCaseContext) {
  const secret = ctx.cookies.get(sessionCookie().name)?.value
  return secret ? db().session.findUnique({ where: { id: hashSessionSecret(secret) }, select: { userId: true, method: true } }) : null
}

describe('recoverWithAccessCode', () => {
  it('the person’s address and the code start a recovery session, recorded with the code, and the person is told', async () => {
    const { user, id, code } = await issuedCode()
    const ctx = freshContext()
    expect(await recoverWithAccessCode({ email: user.email, code }, ctx)).toEqual({ ok: true })
    expect(await browserSession(ctx)).toEqual({ userId: user.id, method: 'recovery' })
    expect(await historyOf(ctx, 'access_code_used')).toEqual([
      { result: 'success', userId: user.id, reason: null, detail: JSON.stringify({ accessCodeId: id }) },
    ])
    await ctx.runLater()
    const notice = await db().mailboxMessage.findFirstOrThrow({ where: { to: user.email, subject: { startsWith: 'Your account is being recovered' } } })
    expect(notice.text).toContain('one-time access code from your helpdesk')
  })

  it('another address gets the answer of a wrong code, and the history names nobody', async () => {
    const { code } = await issuedCode()
    const stranger = await person()
    const ctx = freshContext()
    expect(await recoverWithAccessCode({ email: stranger.email, code }, ctx)).toEqual({ ok: false, reason: 'access_code_wrong' })
    expect(await historyOf(ctx, 'access_code_used')).toEqual([{ result: 'failure', userId: null, reason: 'access_code_wrong', detail: null }])
    expect(await browserSession(ctx)).toBeNull()
    expect(ctx.pending).toHaveLength(0)
  })

  it('a used code fails the second time, recorded with the account and the code', async () => {
    const { user, id, code } = await issuedCode()
    await recoverWithAccessCode({ email: user.email, code }, freshContext())
    const ctx = freshContext()
    expect(await recoverWithAccessCode({ email: user.email, code }, ctx)).toEqual({ ok: false, reason: 'access_code_used' })
    expect(await historyOf(ctx, 'access_code_used')).toEqual([
      { result: 'failure', userId: user.id, reason: 'access_code_used', detail: JSON.stringify({ accessCodeId: id }) },
    ])
    expect(await browserSession(ctx)).toBeNull()
  })

  it('an expired code fails with its own reason', async () => {
    const { user, id, code } = await issuedCode()
    await db().accessCode.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const ctx = freshContext()
    expect(await recoverWithAccessCode({ email: user.email, code }, ctx)).toEqual({ ok: false, reason: 'access_code_expired' })
    expect(await historyOf(ctx, 'access_code_used')).toEqual([
      { result: 'failure', userId: user.id, reason: 'access_code_expired', detail: JSON.stringify({ accessCodeId: id }) },
    ])
    expect(await browserSession(ctx)).toBeNull()
  })
})

describe('reportAccessCodeFromEmail', () => {
  it('stops an active code and records the report; a second report stops nothing but is recorded too', async () => {
    const { user, id, code, reportToken } = await issuedCode()
    const ctx = freshContext()
    expect(await reportAccessCodeFromEmail({ token: reportToken }, ctx)).toEqual({ ok: true, stopped: true })
    expect(await describeReportLink(reportToken)).toBe('reported')
    expect(await recoverWithAccessCode({ email: user.email, code }, freshContext())).toEqual({ ok: false, reason: 'access_code_wrong' })
    expect(await reportAccessCodeFromEmail({ token: reportToken }, ctx)).toEqual({ ok: true, stopped: false })
    expect(await historyOf(ctx, 'access_code_reported')).toEqual([
      { result: 'success', userId: user.id, reason: null, detail: JSON.stringify({ accessCodeId: id, stopped: true }) },
      { result: 'success', userId: user.id, reason: null, detail: JSON.stringify({ accessCodeId: id, stopped: false }) },
    ])
  })

  it('a token that names no code is refused, and nothing is recorded', async () => {
    const ctx = freshContext()
    expect(await reportAccessCodeFromEmail({ token: 'x'.repeat(43) }, ctx)).toEqual({ ok: false })
    expect(await reportAccessCodeFromEmail({ token: '<script>' }, ctx)).toEqual({ ok: false })
    expect(await historyOf(ctx, 'access_code_reported')).toEqual([])
  })
})
