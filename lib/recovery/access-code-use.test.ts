import { describe, expect, it } from 'vitest'
import { issuedAccessCode as issuedCode, testPerson as person } from '../../testing/access-codes'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { hashSessionSecret } from '../auth/session/store'
import { db } from '../db'
import { recoverWithAccessCode, reportAccessCodeFromEmail } from './access-code-use'
import { describeReportLink } from './access-codes'

let network = 0
const freshContext = () => testContext({ request: { ipAddress: `192.0.2.${++network}`, userAgent: 'vitest' } })

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
