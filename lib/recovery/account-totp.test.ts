import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { confirmTotp, removeTotpFactor, startTotp } from './account-totp'
import { pendingTotpEnrollment, totpStatus } from './totp'

/** The app's current code, from oathtool (OATH Toolkit), an implementation independent of ours. */
const appCode = (secret: string) => execFileSync('oathtool', ['--totp', '--base32', secret], { encoding: 'utf8' }).trim()

async function signedIn() {
  const user = await db().user.create({ data: { email: `totp-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true, email: true } })
  const session = { user, sessionId: `session-${user.id}` }
  return { user, session, ctx: testContext({ caller: session }) }
}

const history = (userId: string, type: string) =>
  db().auditEvent.findMany({ where: { type, userId }, orderBy: { createdAt: 'asc' }, select: { result: true, reason: true } })
const notices = (to: string, subject: string) => db().mailboxMessage.count({ where: { to, subject } })

/** An account with an app set up and confirmed. */
async function withApp() {
  const account = await signedIn()
  await startTotp(account.session)
  const { secret } = (await pendingTotpEnrollment(account.user))!
  expect(await confirmTotp({ code: appCode(secret) }, account.session, account.ctx)).toEqual({ ok: true })
  return account
}

describe('startTotp', () => {
  it('starts setting up an app, and refuses a second app', async () => {
    const { user, session } = await signedIn()
    expect(await startTotp(session)).toEqual({ ok: true })
    expect(await pendingTotpEnrollment(user)).not.toBeNull()
    const { session: other } = await withApp()
    expect(await startTotp(other)).toEqual({ ok: false, reason: 'totp_exists' })
  })
})

describe('confirmTotp', () => {
  it('a wrong code is refused and recorded; nothing changes and nobody is told', async () => {
    const { user, session, ctx } = await signedIn()
    await startTotp(session)
    const { secret } = (await pendingTotpEnrollment(user))!
    const wrong = appCode(secret) === '000000' ? '111111' : '000000'
    expect(await confirmTotp({ code: wrong }, session, ctx)).toEqual({ ok: false, reason: 'totp_wrong' })
    expect(await history(user.id, 'totp_added')).toEqual([{ result: 'failure', reason: 'totp_wrong' }])
    expect(await totpStatus(user.id)).toMatchObject({ enabled: false })
    expect(ctx.pending).toHaveLength(0)
  })

  it('without a set-up in progress, the code is refused as missing', async () => {
    const { user, session, ctx } = await signedIn()
    expect(await confirmTotp({ code: '123456' }, session, ctx)).toEqual({ ok: false, reason: 'totp_missing' })
    expect(await history(user.id, 'totp_added')).toEqual([{ result: 'failure', reason: 'totp_missing' }])
  })

  it('the app’s current code adds it, recorded; the person is told after the response', async () => {
    const { user, ctx } = await withApp()
    expect(await totpStatus(user.id)).toMatchObject({ enabled: true })
    expect(await history(user.id, 'totp_added')).toEqual([{ result: 'success', reason: null }])
    expect(await notices(user.email, 'An authenticator app was added to your account')).toBe(0)
    await ctx.runLater()
    expect(await notices(user.email, 'An authenticator app was added to your account')).toBe(1)
  })
})

describe('removeTotpFactor', () => {
  it('removes a working app, recorded, and tells the person', async () => {
    const { user, session } = await withApp()
    const ctx = testContext({ caller: session })
    expect(await removeTotpFactor(session, ctx)).toEqual({ removed: true })
    expect(await totpStatus(user.id)).toMatchObject({ enabled: false })
    expect(await history(user.id, 'totp_removed')).toEqual([{ result: 'success', reason: null }])
    await ctx.runLater()
    expect(await notices(user.email, 'Your authenticator app was removed')).toBe(1)
  })

  it('cancelling a set-up, or removing nothing, is no news', async () => {
    const { user, session, ctx } = await signedIn()
    await startTotp(session)
    expect(await removeTotpFactor(session, ctx)).toEqual({ removed: false })
    expect(await pendingTotpEnrollment(user)).toBeNull()
    expect(await removeTotpFactor(session, ctx)).toEqual({ removed: false })
    expect(await history(user.id, 'totp_removed')).toEqual([])
    expect(ctx.pending).toHaveLength(0)
  })
})
