import { describe, expect, it } from 'vitest'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { hashSessionSecret } from '../auth/session/store'
import { db } from '../db'
import { countAttempt } from '../limits/policies'
import { DEFAULT_POLICY } from '../policy/schema'
import { generateRecoveryCodes, recoveryCodeStatus } from './codes'
import { requestRecovery, verifyRecoveryEmail } from './recovery-email'
import { recoverWithFactor, restartRecovery } from './recovery-factor'
import { recoveryCookie } from './recovery-session'
import { proveRecoveryEmail, recoveryProgress, startRecovery } from './self-service'

let network = 0
const freshContext = (cookies: Record<string, string> = {}) => testContext({ request: { ipAddress: `192.0.2.${++network}`, userAgent: 'vitest' }, cookies })
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

/** An account that lost its only passkey, in a group whose recovery rules are `recovery` when given. */
async function lostAccount(recovery?: { selfService: boolean; emailAlone: boolean }) {
  const groupId = recovery
    ? (await db().group.create({ data: { name: address('group'), policy: JSON.stringify({ ...DEFAULT_POLICY, recovery }) }, select: { id: true } })).id
    : undefined
  const user = await db().user.create({ data: { email: address('lost'), emailVerifiedAt: new Date(), groupId }, select: { id: true, email: true } })
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

/** A browser that proved the account's address (step 1 done). */
async function provenBrowser(email: string) {
  const challenge = await startRecovery(email, testContext().request)
  expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
  return freshContext({ [recoveryCookie().name]: challenge.browserSecret })
}

function historyOf(ctx: TestUseCaseContext, type: string) {
  return db().auditEvent.findMany({
    where: { ipAddress: ctx.request.ipAddress, type },
    orderBy: { createdAt: 'asc' },
    select: { result: true, userId: true, method: true, reason: true },
  })
}

/** The session this browser's cookie names, if any. */
async function browserSession(ctx: TestUseCaseContext) {
  const secret = ctx.cookies.get(sessionCookie().name)?.value
  return secret ? db().session.findUnique({ where: { id: hashSessionSecret(secret) }, select: { userId: true, method: true } }) : null
}

const recoveredNotices = (to: string) => db().mailboxMessage.count({ where: { to, subject: { startsWith: 'Your account is being recovered' } } })

describe('recoverWithFactor', () => {
  it('the whole way: an emailed code, then a recovery code, gives this browser a recovery session', async () => {
    const user = await lostAccount()
    const [code] = await generateRecoveryCodes(user.id, testContext().audit)
    const ctx = freshContext()
    expect(await requestRecovery({ email: user.email, timeZone: 'UTC' }, ctx)).toEqual({ ok: true })
    await ctx.runLater()
    const message = await db().mailboxMessage.findFirstOrThrow({ where: { to: user.email } })
    const emailed = message.text.match(/\b(\d{6})\b/)![1]!
    expect(await verifyRecoveryEmail({ data: { code: emailed }, typed: { code: emailed } }, ctx)).toEqual({ ok: true })

    expect(await recoverWithFactor({ kind: 'recovery_code', code: code! }, ctx)).toEqual({ ok: true })
    expect(await browserSession(ctx)).toEqual({ userId: user.id, method: 'recovery' })
    expect(ctx.cookies.has(recoveryCookie().name)).toBe(false)
    expect(await historyOf(ctx, 'recovery_factor')).toEqual([{ result: 'success', userId: user.id, method: 'recovery_code', reason: null }])
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 9 })
    // The notice goes after the response.
    expect(await recoveredNotices(user.email)).toBe(0)
    await ctx.runLater()
    expect(await recoveredNotices(user.email)).toBe(1)
  })

  it('a wrong factor is recorded with its reason, and the proven address may try again', async () => {
    const user = await lostAccount()
    const [code] = await generateRecoveryCodes(user.id, testContext().audit)
    const ctx = await provenBrowser(user.email)
    expect(await recoverWithFactor({ kind: 'recovery_code', code: '0000-0000-0000-0000' }, ctx)).toEqual({ ok: false, reason: 'recovery_factor_wrong' })
    expect(await recoverWithFactor({ kind: 'totp', code: '123456' }, ctx)).toEqual({ ok: false, reason: 'recovery_factor_wrong' })
    expect(await historyOf(ctx, 'recovery_factor')).toEqual([
      { result: 'failure', userId: user.id, method: 'recovery_code', reason: 'recovery_factor_wrong' },
      { result: 'failure', userId: user.id, method: 'totp', reason: 'recovery_factor_wrong' },
    ])
    expect(await browserSession(ctx)).toBeNull()
    expect(ctx.pending).toHaveLength(0)
    expect(await recoverWithFactor({ kind: 'recovery_code', code: code! }, ctx)).toEqual({ ok: true })
  })

  it('a wrong factor for an address that recovers two accounts names neither in the history', async () => {
    const first = await lostAccount()
    const second = await lostAccount()
    await db().user.update({ where: { id: second.id }, data: { backupEmail: first.email, backupEmailVerifiedAt: new Date() } })
    const ctx = await provenBrowser(first.email)
    expect(await recoverWithFactor({ kind: 'recovery_code', code: '0000-0000-0000-0000' }, ctx)).toEqual({ ok: false, reason: 'recovery_factor_wrong' })
    expect(await historyOf(ctx, 'recovery_factor')).toEqual([{ result: 'failure', userId: null, method: 'recovery_code', reason: 'recovery_factor_wrong' }])
  })

  it('counts tries per proven address: past ten an hour it refuses, and records the refusal', async () => {
    const user = await lostAccount()
    const [code] = await generateRecoveryCodes(user.id, testContext().audit)
    const ctx = await provenBrowser(user.email)
    for (let tried = 0; tried < 10; tried++) await countAttempt('recovery-per-account', { email: user.email })
    const refused = await recoverWithFactor({ kind: 'recovery_code', code: code! }, ctx)
    expect(refused).toMatchObject({ ok: false, reason: 'rate_limited', error: 'rate_limited_recovery' })
    expect(refused.ok === false && refused.reason === 'rate_limited' && refused.retryAt > new Date()).toBe(true)
    expect(await historyOf(ctx, 'recovery_factor')).toEqual([{ result: 'failure', userId: null, method: 'recovery_code', reason: 'rate_limited' }])
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 10 })
    expect(await browserSession(ctx)).toBeNull()
  })

  it('without a proven address in this browser, the request has expired and nothing is counted or recorded', async () => {
    const user = await lostAccount()
    const unproven = await startRecovery(user.email, testContext().request)
    for (const ctx of [freshContext(), freshContext({ [recoveryCookie().name]: unproven.browserSecret })]) {
      expect(await recoverWithFactor({ kind: 'recovery_code', code: '0000-0000-0000-0000' }, ctx)).toEqual({ ok: false, reason: 'recovery_expired' })
      expect(await historyOf(ctx, 'recovery_factor')).toEqual([])
    }
  })

  it('an account whose group keeps recovery with the helpdesk is not recovered here, and the refusal is recorded', async () => {
    const user = await lostAccount({ selfService: false, emailAlone: false })
    const [code] = await generateRecoveryCodes(user.id, testContext().audit)
    const ctx = await provenBrowser(user.email)
    expect(await recoverWithFactor({ kind: 'recovery_code', code: code! }, ctx)).toEqual({ ok: false, reason: 'recovery_helpdesk_only' })
    expect(await historyOf(ctx, 'recovery_factor')).toEqual([{ result: 'failure', userId: user.id, method: 'recovery_code', reason: 'recovery_helpdesk_only' }])
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 10 })
  })
})

describe('restartRecovery', () => {
  it('forgets this browser’s request', async () => {
    const user = await lostAccount()
    const ctx = await provenBrowser(user.email)
    restartRecovery(ctx)
    expect(ctx.cookies.has(recoveryCookie().name)).toBe(false)
    expect(await recoveryProgress(ctx.cookies.get(recoveryCookie().name)?.value)).toEqual({ step: 'email' })
  })
})
