import { describe, expect, it } from 'vitest'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import type { CurrentSession } from '../auth/dal'
import { signInRequestCookie } from '../auth/email-code/request-cookie'
import { db } from '../db'
import { DEFAULT_POLICY } from '../policy/schema'
import { completeEmailChange, requestEmailChange } from './email-change'

const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
const TIME_ZONE = 'Europe/Paris'
const cookie = signInRequestCookie('email_change')

async function signedIn(): Promise<{ session: CurrentSession; ctx: TestUseCaseContext }> {
  const user = await db().user.create({
    data: { email: address('mover'), emailVerifiedAt: new Date() },
    select: { id: true, email: true, displayName: true, role: true, locale: true, timeZone: true },
  })
  const now = new Date()
  const session: CurrentSession = {
    sessionId: `session-${user.id}`,
    method: 'passkey',
    signedInAt: now,
    verifiedAt: now,
    verifiedMethod: 'passkey',
    verifiedFor: null,
    user,
    policy: DEFAULT_POLICY,
    hasPasskey: true,
  }
  return { session, ctx: testContext({ caller: session }) }
}

const mailTo = (to: string) => db().mailboxMessage.findMany({ where: { to }, select: { subject: true, text: true }, orderBy: { createdAt: 'asc' } })
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!
const rowsOf = (userId: string) =>
  db().auditEvent.findMany({
    where: { userId, type: { in: ['email_change_requested', 'email_changed'] } },
    select: { type: true, result: true, reason: true },
    orderBy: { createdAt: 'asc' },
  })
const emailOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email

describe('requestEmailChange', () => {
  it('sends a code to the new address, binds it to this browser and records the request', async () => {
    const { session, ctx } = await signedIn()
    const target = address('new-home')
    expect(await requestEmailChange({ email: target, timeZone: TIME_ZONE }, session, ctx)).toEqual({ ok: true })
    expect((await mailTo(target)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Confirm your new email address/)])
    expect(ctx.cookies.has(cookie.name)).toBe(true)
    expect(await rowsOf(session.user.id)).toEqual([{ type: 'email_change_requested', result: 'success', reason: null }])
  })

  it('answers an address another account has exactly as any other, and sends it nothing', async () => {
    const { session, ctx } = await signedIn()
    const owner = await db().user.create({ data: { email: address('owner') }, select: { email: true } })
    expect(await requestEmailChange({ email: owner.email, timeZone: TIME_ZONE }, session, ctx)).toEqual({ ok: true })
    expect(await mailTo(owner.email)).toEqual([])
    expect(ctx.cookies.has(cookie.name)).toBe(true)
    expect(await rowsOf(session.user.id)).toEqual([{ type: 'email_change_requested', result: 'success', reason: null }])
    // No code can complete it: the account keeps its address.
    const changed = await completeEmailChange({ code: '123456' }, session, ctx)
    expect(changed).toMatchObject({ ok: false, state: { status: 'error', code: 'code_wrong', field: 'code' } })
    expect(await emailOf(session.user.id)).toBe(session.user.email)
  })

  it('refuses the account’s own address', async () => {
    const { session, ctx } = await signedIn()
    const sent = await requestEmailChange({ email: session.user.email, timeZone: TIME_ZONE }, session, ctx)
    expect(sent).toMatchObject({ ok: false, state: { status: 'error', code: 'email_change_same', field: 'email' } })
    expect(ctx.cookies.has(cookie.name)).toBe(false)
  })
})

describe('completeEmailChange', () => {
  it('keeps the address on a wrong code, changes it on the right one, records it and tells the old address after the response', async () => {
    const { session, ctx } = await signedIn()
    const target = address('new-home')
    await requestEmailChange({ email: target, timeZone: TIME_ZONE }, session, ctx)
    const code = codeIn((await mailTo(target))[0]!.text)
    const wrong = code === '000000' ? '111111' : '000000'

    const refused = await completeEmailChange({ code: wrong, typed: ` ${wrong} ` }, session, ctx)
    expect(refused).toMatchObject({ ok: false, state: { code: 'code_wrong', values: { code: ` ${wrong} ` } } })
    expect(await emailOf(session.user.id)).toBe(session.user.email)

    expect(await completeEmailChange({ code }, session, ctx)).toEqual({ ok: true, current: target, previous: session.user.email })
    expect(await emailOf(session.user.id)).toBe(target)
    expect(ctx.cookies.has(cookie.name)).toBe(false)
    expect(await rowsOf(session.user.id)).toEqual([
      { type: 'email_change_requested', result: 'success', reason: null },
      { type: 'email_changed', result: 'failure', reason: 'code_wrong' },
      { type: 'email_changed', result: 'success', reason: null },
    ])

    expect(await mailTo(session.user.email)).toEqual([])
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    const [notice] = await mailTo(session.user.email)
    expect(notice!.subject).toMatch(/email address was changed/)
    expect(notice!.text).toContain(target)
  })

  it('answers request_gone in a browser that asked for no code', async () => {
    const { session, ctx } = await signedIn()
    expect(await completeEmailChange({ code: '123456' }, session, ctx)).toMatchObject({ ok: false, state: { code: 'request_gone', field: 'code' } })
  })
})
