import { describe, expect, it } from 'vitest'
import { oathtool as oathtoolAt } from '../../testing/oathtool'
import { auditFor } from '../../testing/audit'
import { db } from '../db'
import { completeRecovery, proveRecoveryEmail, recoveryProgress, sendRecoveredNotice, startRecovery } from './self-service'
import { generateRecoveryCodes, recoveryCodeStatus } from './codes'
import { RECOVERY_SESSION_SECONDS, issueSession } from '../auth/session/store'
import { confirmTotpEnrollment, startTotpEnrollment } from './totp'

const context = { ipAddress: '203.0.113.11', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }
const audit = auditFor(context)
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
const minutes = (count: number, from = new Date()) => new Date(from.getTime() + count * 60_000)

async function userWithPasskey(options: { backupEmail?: string } = {}) {
  const user = await db().user.create({
    data: {
      email: address('lost'),
      emailVerifiedAt: new Date(),
      backupEmail: options.backupEmail ?? null,
      backupEmailVerifiedAt: options.backupEmail ? new Date() : null,
    },
    select: { id: true, email: true },
  })
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

/** Step 1 done: the address proven with the emailed code. */
async function provenEmail(email: string) {
  const challenge = await startRecovery(email, context)
  expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true, email })
  return challenge
}

describe('self-service recovery', () => {
  it('an emailed code, then a recovery code, recovers the account once', async () => {
    const user = await userWithPasskey()
    const [code, other] = await generateRecoveryCodes(user.id, audit)
    const challenge = await startRecovery(user.email, context)
    expect(challenge.deliver).toBe(true)
    expect(await recoveryProgress(challenge.browserSecret)).toMatchObject({ step: 'code', email: user.email })
    expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
    expect(await recoveryProgress(challenge.browserSecret)).toEqual({
      step: 'factor',
      email: user.email,
      accounts: [{ id: user.id, hasPasskey: true, hasRecoveryCodes: true, hasTotp: false, passkeyOnly: false }],
    })
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', 'AAAA-BBBB-CCCC-DDDD', context, audit)).toEqual({
      ok: false,
      reason: 'recovery_factor_wrong',
    })
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit)).toEqual({ ok: true, userId: user.id })
    // One proof, one recovery: the same browser cannot go again, not even with another valid code.
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', other!, context, audit)).toEqual({ ok: false, reason: 'recovery_expired' })
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ remaining: 9 })
    // The used code fails in a new recovery too.
    const again = await provenEmail(user.email)
    expect(await completeRecovery(again.browserSecret, 'recovery_code', code!, context, audit)).toEqual({ ok: false, reason: 'recovery_factor_wrong' })
  })

  it('the backup address and an authenticator-app code (checked with oathtool) recover it too', async () => {
    const backup = address('backup')
    const user = await userWithPasskey({ backupEmail: backup })
    const enrollment = await startTotpEnrollment(user, minutes(-5))
    const oathtool = (at: Date) => oathtoolAt(enrollment!.secret, at)
    expect(await confirmTotpEnrollment(user.id, oathtool(minutes(-5)), audit, minutes(-5))).toEqual({ ok: true })
    const challenge = await provenEmail(backup)
    const now = new Date()
    expect(await completeRecovery(challenge.browserSecret, 'totp', oathtool(now), context, audit, now)).toEqual({ ok: true, userId: user.id })
    // The notice goes to both addresses.
    await sendRecoveredNotice(user.id, 'totp', context)
    for (const to of [user.email, backup]) {
      const notice = await db().mailboxMessage.findFirstOrThrow({ where: { to, subject: { startsWith: 'Your account is being recovered' } } })
      expect(notice.text).toContain('a code from your authenticator app')
    }
  })

  it('email alone is not enough for an account with a passkey and no second factor', async () => {
    const user = await userWithPasskey()
    const challenge = await provenEmail(user.email)
    expect(await recoveryProgress(challenge.browserSecret)).toMatchObject({
      step: 'factor',
      accounts: [{ hasPasskey: true, hasRecoveryCodes: false, hasTotp: false, passkeyOnly: false }],
    })
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', '0000-0000-0000-0000', context, audit)).toEqual({
      ok: false,
      reason: 'recovery_factor_wrong',
    })
  })

  it('an address that recovers nothing gets no usable code, and looks the same', async () => {
    const challenge = await startRecovery(address('nobody'), context)
    expect(challenge.deliver).toBe(false)
    expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: false })
  })

  it('of 10 concurrent completions with one code, exactly one recovers', async () => {
    const user = await userWithPasskey()
    const [code] = await generateRecoveryCodes(user.id, audit)
    const challenge = await provenEmail(user.email)
    const results = await Promise.all(Array.from({ length: 10 }, () => completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit)))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })

  it('the second step expires 30 minutes after the email', async () => {
    const user = await userWithPasskey()
    const [code] = await generateRecoveryCodes(user.id, audit)
    const challenge = await provenEmail(user.email)
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit, minutes(31))).toEqual({
      ok: false,
      reason: 'recovery_expired',
    })
  })

  it('a recovery session lasts 15 minutes', async () => {
    const user = await userWithPasskey()
    const now = new Date()
    const issued = await issueSession(user.id, 'recovery', context, now)
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } })
    expect(row.expiresAt.getTime() - now.getTime()).toBe(RECOVERY_SESSION_SECONDS * 1000)
    expect(RECOVERY_SESSION_SECONDS).toBe(15 * 60)
  })
})
