import { describe, expect, it } from 'vitest'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { knownBrowsersCookie, rememberBrowser } from '../auth/session/known-browsers'
import { hashSessionSecret } from '../auth/session/store'
import { db } from '../db'
import { DEFAULT_POLICY } from '../policy/schema'
import { recoveryCookie } from './recovery-session'
import { proveRecoveryEmail, startRecovery } from './self-service'
import {
  finishWaitingRecovery,
  scheduleRecoveryByEmail,
  stopRecoveryAsRequester,
  stopRecoveryByLink,
  stopRecoveryFromSession,
  waitingRecoveryCookie,
  waitingRecoveryOf,
  waitingRecoveryState,
} from './waiting-recovery'

const HOUR = 3_600_000
let network = 0
const freshContext = (cookies: Record<string, string> = {}) => testContext({ request: { ipAddress: `192.0.2.${++network}`, userAgent: 'vitest' }, cookies })
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

/** An account that lost its only passkey, in a group whose emailed code alone recovers it after `waitHours`. */
async function lostAccount(waitHours = 24) {
  const recovery = { selfService: true, emailAlone: true, emailAloneWaitHours: waitHours }
  const group = await db().group.create({ data: { name: address('group'), policy: JSON.stringify({ ...DEFAULT_POLICY, recovery }) }, select: { id: true } })
  const user = await db().user.create({ data: { email: address('lost'), emailVerifiedAt: new Date(), groupId: group.id }, select: { id: true, email: true } })
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: `cred-${user.id}`,
      publicKey: new Uint8Array([1]),
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Old phone',
      backupEligible: false,
      backedUp: false,
      createdAt: new Date(),
    },
  })
  return user
}

/** A browser that proved the account's address and asked to recover with it alone: its waiting recovery, and the notice's stop token. */
async function waitingBrowser(user: { id: string; email: string }, now = new Date()) {
  const challenge = await startRecovery(user.email, testContext().request)
  expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
  const ctx = freshContext({ [recoveryCookie().name]: challenge.browserSecret })
  const scheduled = await scheduleRecoveryByEmail(ctx, now)
  await ctx.runLater()
  const notice = await db().mailboxMessage.findFirstOrThrow({
    where: { to: user.email, subject: 'Someone started recovering your account with your email' },
    orderBy: { createdAt: 'desc' },
  })
  const stopToken = notice.text.match(/\/recover\/stop\?token=([A-Za-z0-9_-]{43})/)![1]!
  return { ctx, scheduled, stopToken }
}

const sessionOf = async (ctx: TestUseCaseContext) => {
  const secret = ctx.cookies.get(sessionCookie().name)?.value
  return secret ? db().session.findUnique({ where: { id: hashSessionSecret(secret) }, select: { userId: true, method: true } }) : null
}
const history = (userId: string, type: string) =>
  db().auditEvent.findMany({ where: { userId, type }, select: { result: true, detail: true }, orderBy: { createdAt: 'asc' } })

describe('a recovery by email alone waits', () => {
  it("for the group's period: no session before it, one session after it, once", async () => {
    const user = await lostAccount(24)
    const now = new Date()
    const { ctx, scheduled } = await waitingBrowser(user, now)
    const readyAt = new Date(now.getTime() + 24 * HOUR)
    expect(scheduled).toEqual({ ok: true, readyAt })
    expect(ctx.cookies.has(recoveryCookie().name)).toBe(false)
    expect(await history(user.id, 'recovery_scheduled')).toEqual([
      { result: 'success', detail: JSON.stringify({ readyAt: readyAt.toISOString(), waitHours: 24 }) },
    ])
    expect(await waitingRecoveryOf(user.id, now)).toEqual({ readyAt })

    expect(await finishWaitingRecovery(ctx, new Date(now.getTime() + 23 * HOUR))).toEqual({ ok: false, reason: 'recovery_not_ready' })
    expect(await sessionOf(ctx)).toBeNull()
    const later = new Date(now.getTime() + 24 * HOUR + 1000)
    expect(await waitingRecoveryState(ctx, later)).toMatchObject({ state: 'ready' })
    const copy = freshContext({ [waitingRecoveryCookie().name]: ctx.cookies.get(waitingRecoveryCookie().name)!.value })
    expect(await finishWaitingRecovery(ctx, later)).toEqual({ ok: true })
    expect(await sessionOf(ctx)).toEqual({ userId: user.id, method: 'recovery' })
    // The same cookie (copied before it was cleared) does not finish it twice.
    expect(await finishWaitingRecovery(copy, later)).toEqual({ ok: false, reason: 'recovery_expired' })
  })

  it('stops at once from a signed-in session of the account, and cannot be finished after', async () => {
    const user = await lostAccount(1)
    const now = new Date()
    const { ctx } = await waitingBrowser(user, now)
    const owner = freshContext()
    expect(await stopRecoveryFromSession({ user: { id: user.id } }, owner, now)).toEqual({ stopped: true })
    expect(await history(user.id, 'recovery_cancelled')).toEqual([{ result: 'success', detail: JSON.stringify({ by: 'session' }) }])
    expect(await waitingRecoveryOf(user.id, now)).toBeNull()
    expect(await finishWaitingRecovery(ctx, new Date(now.getTime() + 2 * HOUR))).toEqual({ ok: false, reason: 'recovery_stopped' })
    expect(await sessionOf(ctx)).toBeNull()
    await owner.runLater()
    expect(await db().mailboxMessage.count({ where: { to: user.email, subject: 'The recovery of your account was stopped' } })).toBe(1)
  })

  it("stops with the notice's link only in a browser that signed in to the account before", async () => {
    const user = await lostAccount()
    const { ctx, stopToken } = await waitingBrowser(user)
    // The mailbox alone (a browser the account never signed in with) cannot stop it.
    expect(await stopRecoveryByLink({ token: stopToken, signedInAs: null }, freshContext())).toEqual({ ok: false, reason: 'recovery_stop_unknown_browser' })
    expect(await waitingRecoveryState(ctx)).toMatchObject({ state: 'waiting' })
    const known = rememberBrowser(undefined, user.id).value
    expect(await stopRecoveryByLink({ token: stopToken, signedInAs: null }, freshContext({ [knownBrowsersCookie().name]: known }))).toEqual({ ok: true })
    expect(await waitingRecoveryState(ctx)).toEqual({ state: 'stopped' })
    expect(await stopRecoveryByLink({ token: stopToken, signedInAs: user.id }, freshContext())).toEqual({ ok: false, reason: 'recovery_stop_gone' })
  })

  it('two requests wait side by side: starting one never ends another, the asker stops its own, a session stops all', async () => {
    const user = await lostAccount()
    const first = await waitingBrowser(user)
    const second = await waitingBrowser(user)
    const third = await waitingBrowser(user)
    expect(await waitingRecoveryState(first.ctx)).toMatchObject({ state: 'waiting' })
    await stopRecoveryAsRequester(second.ctx)
    expect(second.ctx.cookies.has(waitingRecoveryCookie().name)).toBe(false)
    expect(await waitingRecoveryState(first.ctx)).toMatchObject({ state: 'waiting' })
    expect(await stopRecoveryFromSession({ user: { id: user.id } }, freshContext())).toEqual({ stopped: true })
    expect(await waitingRecoveryState(first.ctx)).toEqual({ state: 'stopped' })
    expect(await waitingRecoveryState(third.ctx)).toEqual({ state: 'stopped' })
    expect(await waitingRecoveryOf(user.id)).toBeNull()
  })

  it("is stopped at the end of the wait when the account's rules no longer allow it: here, passkeys only", async () => {
    const user = await lostAccount(1)
    const now = new Date()
    const { ctx } = await waitingBrowser(user, now)
    await db().user.update({ where: { id: user.id }, data: { passkeyOnlySince: now } })
    expect(await finishWaitingRecovery(ctx, new Date(now.getTime() + 2 * HOUR))).toEqual({ ok: false, reason: 'recovery_stopped' })
    expect(await sessionOf(ctx)).toBeNull()
    expect(await history(user.id, 'recovery_cancelled')).toEqual([{ result: 'success', detail: JSON.stringify({ by: 'policy' }) }])
  })

  it('is scheduled once for one proof, and never for an account whose group wants a second factor', async () => {
    const strict = await db().user.create({ data: { email: address('strict'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
    await db().passkey.create({
      data: {
        userId: strict.id,
        credentialId: `cred-${strict.id}`,
        publicKey: new Uint8Array([1]),
        aaguid: '00000000-0000-0000-0000-000000000000',
        name: 'Phone',
        backupEligible: false,
        backedUp: false,
        createdAt: new Date(),
      },
    })
    const refused = await startRecovery(strict.email, testContext().request)
    await proveRecoveryEmail(refused.browserSecret, refused.code)
    expect(await scheduleRecoveryByEmail(freshContext({ [recoveryCookie().name]: refused.browserSecret }))).toEqual({ ok: false, reason: 'recovery_expired' })

    const user = await lostAccount()
    const challenge = await startRecovery(user.email, testContext().request)
    await proveRecoveryEmail(challenge.browserSecret, challenge.code)
    const ctx = freshContext({ [recoveryCookie().name]: challenge.browserSecret })
    expect(await scheduleRecoveryByEmail(ctx)).toMatchObject({ ok: true })
    expect(await scheduleRecoveryByEmail(freshContext({ [recoveryCookie().name]: challenge.browserSecret }))).toEqual({ ok: false, reason: 'recovery_expired' })
    expect(await scheduleRecoveryByEmail(freshContext())).toEqual({ ok: false, reason: 'recovery_expired' })
  })
})
