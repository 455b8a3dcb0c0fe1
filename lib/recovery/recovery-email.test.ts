import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { requestRecovery, verifyRecoveryEmail } from './recovery-email'
import { recoveryCookie } from './recovery-session'
import { recoveryProgress, startRecovery } from './self-service'

let network = 0
/** Each test asks from its own network, so the per-network limits and its history rows are its own. */
const freshContext = (cookies: Record<string, string> = {}) => testContext({ request: { ipAddress: `192.0.2.${++network}`, userAgent: 'vitest' }, cookies })
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

async function account() {
  return db().user.create({ data: { email: address('lost'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

function historyOf(ctx: ReturnType<typeof freshContext>, type: string) {
  return db().auditEvent.findMany({
    where: { ipAddress: ctx.request.ipAddress, type },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, method: true, reason: true },
  })
}

describe('requestRecovery', () => {
  it('emails a code to an address of an account after the response, and binds the request to this browser', async () => {
    const user = await account()
    const ctx = freshContext()
    expect(await requestRecovery({ email: user.email, timeZone: 'UTC' }, ctx)).toEqual({ ok: true })
    const secret = ctx.cookies.get(recoveryCookie().name)?.value
    expect(await recoveryProgress(secret)).toMatchObject({ step: 'code', email: user.email })
    expect(await historyOf(ctx, 'recovery_requested')).toEqual([{ result: 'success', userId: user.id, method: 'email', reason: null }])
    // Sent after the response, so an address that recovers nothing is answered as fast.
    expect(await db().mailboxMessage.count({ where: { to: user.email } })).toBe(0)
    await ctx.runLater()
    expect((await db().mailboxMessage.findFirstOrThrow({ where: { to: user.email } })).subject).toMatch(/^Recover your .+ account$/)
  })

  it('answers an address that recovers nothing the same way, and emails nothing', async () => {
    const nobody = address('nobody')
    const ctx = freshContext()
    expect(await requestRecovery({ email: nobody, timeZone: 'UTC' }, ctx)).toEqual({ ok: true })
    expect(ctx.cookies.has(recoveryCookie().name)).toBe(true)
    expect(await historyOf(ctx, 'recovery_requested')).toEqual([{ result: 'success', userId: null, method: 'email', reason: null }])
    await ctx.runLater()
    expect(await db().mailboxMessage.count({ where: { to: nobody } })).toBe(0)
  })

  it('refuses a sixth request for one address within 15 minutes, known or not, and records it', async () => {
    const known = (await account()).email
    for (const email of [known, address('nobody')]) {
      const ctx = freshContext()
      for (let sent = 0; sent < 5; sent++) expect(await requestRecovery({ email, timeZone: 'UTC' }, ctx)).toEqual({ ok: true })
      const refused = await requestRecovery({ email, timeZone: 'UTC' }, ctx)
      expect(refused).toMatchObject({ ok: false, state: { status: 'error', code: 'rate_limited_send', field: 'email', values: { email } } })
      expect((await historyOf(ctx, 'recovery_requested')).at(-1)).toEqual({ result: 'failure', userId: null, method: 'email', reason: 'rate_limited' })
    }
  })
})

describe('verifyRecoveryEmail', () => {
  it('proves the address with the emailed code, records it, and keeps the request for step 2', async () => {
    const user = await account()
    const challenge = await startRecovery(user.email, testContext().request)
    const ctx = freshContext({ [recoveryCookie().name]: challenge.browserSecret })
    expect(await verifyRecoveryEmail({ data: { code: challenge.code }, typed: { code: challenge.code } }, ctx)).toEqual({ ok: true })
    expect(await historyOf(ctx, 'recovery_email_proven')).toEqual([{ result: 'success', userId: user.id, method: 'email_code', reason: null }])
    expect(await recoveryProgress(ctx.cookies.get(recoveryCookie().name)?.value)).toMatchObject({ step: 'factor', email: user.email })
  })

  it('refuses a wrong code, keeps what was typed, and records the failure with the account', async () => {
    const user = await account()
    const challenge = await startRecovery(user.email, testContext().request)
    const ctx = freshContext({ [recoveryCookie().name]: challenge.browserSecret })
    const wrong = challenge.code === '000000' ? '111111' : '000000'
    expect(await verifyRecoveryEmail({ data: { code: wrong }, typed: { code: wrong } }, ctx)).toMatchObject({
      ok: false,
      state: { status: 'error', code: 'code_wrong', field: 'code', values: { code: wrong } },
    })
    expect(await historyOf(ctx, 'recovery_email_proven')).toEqual([{ result: 'failure', userId: user.id, method: 'email_code', reason: 'code_wrong' }])
    expect(await recoveryProgress(challenge.browserSecret)).toMatchObject({ step: 'code' })
  })

  it('without a request from this browser, says the request is gone', async () => {
    const ctx = freshContext()
    expect(await verifyRecoveryEmail({ data: { code: '123456' }, typed: { code: '123456' } }, ctx)).toMatchObject({
      ok: false,
      state: { code: 'request_gone', field: 'code' },
    })
    expect(await historyOf(ctx, 'recovery_email_proven')).toEqual([])
  })
})
