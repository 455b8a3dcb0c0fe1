import { describe, expect, it } from 'vitest'
import { oathtool as oathtoolAt } from '../../testing/oathtool'
import { auditFor } from '../../testing/audit'
import { enrolSoftPasskey, newPerson, type TestPerson } from '../../testing/passkeys'
import { MemoryCookieJar, testContext } from '../../testing/use-case'
import type { CurrentSession } from '../auth/access'
import { createEmailChallenge, signInRecipient } from '../auth/email-code/challenge'
import { verifyEmailCode } from '../auth/email-code/code-check'
import { claimApprovedSignIn } from '../auth/email-code/pending-request'
import { removePasskey } from '../auth/passkeys/management'
import { signOutOthersOffered } from '../auth/session/sign-out-offer'
import { issueSession, findActiveSession } from '../auth/session/store'
import { db } from '../db'
import { DEFAULT_POLICY } from '../policy/schema'
import type { SessionMethod } from '../policy/decide'
import { needsSecondAgent } from '../recovery/access-codes'
import { generateRecoveryCodes } from '../recovery/codes'
import { completeRecovery, emailAloneAccount, proveRecoveryEmail, recoveryProgress, startRecovery } from '../recovery/self-service'
import { confirmTotpEnrollment, startTotpEnrollment } from '../recovery/totp'
import { turnOffPasskeyOnly, turnOnPasskeyOnly } from './passkey-only'

const context = { ipAddress: '203.0.113.40', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' }
const audit = auditFor(context)

/** The person's session as the guard hands it over, proven by `method`. */
async function signedIn(person: TestPerson, method: SessionMethod): Promise<CurrentSession> {
  const issued = await issueSession(person.id, method, context)
  const active = (await findActiveSession(issued.secret))!
  return {
    sessionId: active.id,
    method: active.method,
    signedInAt: active.createdAt,
    verifiedAt: active.verifiedAt,
    verifiedMethod: active.verifiedMethod,
    verifiedFor: null,
    user: active.user,
    policy: active.policy,
    hasPasskey: active.hasPasskey,
  }
}

const history = (userId: string, type: string) => db().auditEvent.findMany({ where: { userId, type }, select: { result: true, reason: true } })

describe('passkey-only mode', () => {
  it('is refused without a passkey, with only a passkey newer than the session, or without a passkey confirmation', async () => {
    const person = await newPerson()
    const before = await signedIn(person, 'passkey')
    expect(await turnOnPasskeyOnly(before, testContext())).toEqual({ ok: false, reason: 'passkey_only_needs_passkey' })
    await enrolSoftPasskey(person)
    // A passkey added in this very session (a stolen one, perhaps) does not count: sign in again with it.
    expect(await turnOnPasskeyOnly(before, testContext())).toEqual({ ok: false, reason: 'passkey_only_sign_in_again' })
    expect(await turnOnPasskeyOnly(await signedIn(person, 'email_code'), testContext())).toEqual({ ok: false, reason: 'passkey_only_confirm_with_passkey' })
    expect(await db().user.findUniqueOrThrow({ where: { id: person.id }, select: { passkeyOnlySince: true } })).toEqual({ passkeyOnlySince: null })
  })

  it('ends email sign-in at once: requests under way, new ones, and the session policy', async () => {
    const person = await newPerson()
    await enrolSoftPasskey(person)
    const underWay = await createEmailChallenge({ email: person.email, returnTo: null, context, policy: 'open' })
    // A recovery by email alone waiting, and a helpdesk access code already issued: both end with the switch.
    const day = 86_400_000
    await db().pendingRecovery.create({
      data: {
        id: `waiting-${person.id}`,
        userId: person.id,
        status: 'waiting',
        cancelTokenHash: `stop-${person.id}`,
        createdAt: new Date(),
        readyAt: new Date(Date.now() + day),
        expiresAt: new Date(Date.now() + 2 * day),
      },
    })
    await db().accessCode.create({
      data: {
        userId: person.id,
        status: 'active',
        requestedById: 'agent',
        verification: 'video call',
        checks: '[]',
        validMinutes: 60,
        createdAt: new Date(),
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    })
    const session = await signedIn(person, 'passkey')
    const ctx = testContext({ caller: { user: { id: person.id }, sessionId: session.sessionId } })
    expect(await turnOnPasskeyOnly(session, ctx)).toEqual({ ok: true })
    expect(await history(person.id, 'passkey_only_on')).toEqual([{ result: 'success', reason: null }])
    expect(await db().pendingRecovery.findUniqueOrThrow({ where: { id: `waiting-${person.id}` }, select: { status: true } })).toEqual({ status: 'cancelled' })
    expect(await db().accessCode.findMany({ where: { userId: person.id }, select: { status: true } })).toEqual([{ status: 'expired' }])
    // Sessions signed in by email before the switch carry on: the account pages offer to end them.
    expect(await signOutOthersOffered(person.id, session.sessionId, new MemoryCookieJar())).toBe(true)

    // The request made before is over; a new one is sent nothing that could sign in.
    expect(await verifyEmailCode({ browserSecret: underWay.browserSecret, code: underWay.code, policy: 'open' })).toMatchObject({
      ok: false,
      reason: 'request_superseded',
    })
    expect(await signInRecipient(person.email, 'open')).toMatchObject({ userId: person.id, deliver: false })
    // A request that slipped in just before the switch (made here by setting the switch behind its back) is refused when used.
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: null } })
    const racing = await createEmailChallenge({ email: person.email, returnTo: null, context, policy: 'open' })
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: new Date() } })
    expect(await verifyEmailCode({ browserSecret: racing.browserSecret, code: racing.code, policy: 'open' })).toMatchObject({
      ok: false,
      reason: 'passkey_only',
    })

    // Confirming it is you now takes a passkey.
    const after = await signedIn(person, 'email_code')
    expect(after.policy.methods).toEqual(['passkey'])
    expect(after.policy.stepUp.methods).toBe('passkey')

    // The notice goes to the person's address after the response.
    await ctx.runLater()
    expect(await db().mailboxMessage.count({ where: { to: person.email, subject: 'Your account now signs in with passkeys only' } })).toBe(1)
  })

  it('recovers only with a recovery code and the authenticator app together, never the email alone', async () => {
    // A group that lets the emailed code alone recover its people.
    const recovery = { selfService: true, emailAlone: true }
    const group = await db().group.create({
      data: { name: `email-alone-${Math.random()}`, policy: JSON.stringify({ ...DEFAULT_POLICY, recovery }) },
      select: { id: true },
    })
    const person = await newPerson({ groupId: group.id })
    await enrolSoftPasskey(person)
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: new Date() } })
    const [code] = await generateRecoveryCodes(person.id, audit)
    const enrollment = (await startTotpEnrollment(person))!
    const totpAt = (at: Date) => oathtoolAt(enrollment.secret, at)
    const enrolledAt = new Date(Date.now() - 120_000)
    expect(await confirmTotpEnrollment(person.id, totpAt(enrolledAt), audit, enrolledAt)).toEqual({ ok: true })

    const challenge = await startRecovery(person.email, context)
    expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
    const progress = await recoveryProgress(challenge.browserSecret)
    expect(progress).toMatchObject({ step: 'factor', accounts: [{ id: person.id, passkeyOnly: true }] })
    expect(await emailAloneAccount(progress)).toBeNull()
    // One factor is not enough, and trying one uses nothing up.
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit)).toEqual({ ok: false, reason: 'recovery_factor_wrong' })
    expect(await completeRecovery(challenge.browserSecret, 'totp', totpAt(new Date()), context, audit)).toEqual({
      ok: false,
      reason: 'recovery_factor_wrong',
    })
    expect(await db().recoveryCode.count({ where: { userId: person.id, usedAt: null } })).toBe(10)
    const now = new Date()
    expect(await completeRecovery(challenge.browserSecret, 'recovery_code_and_totp', code!, context, audit, now, totpAt(now))).toEqual({
      ok: true,
      userId: person.id,
    })
  })

  it("makes a helpdesk access code wait for a second agent's approval", () => {
    expect(needsSecondAgent({ role: 'user', passkeyOnlySince: new Date() })).toBe(true)
    expect(needsSecondAgent({ role: 'user', passkeyOnlySince: null })).toBe(false)
  })

  it('turns off with its history row and notice, and email signs in again', async () => {
    const person = await newPerson()
    await enrolSoftPasskey(person)
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: new Date() } })
    const session = await signedIn(person, 'passkey')
    const ctx = testContext({ caller: { user: { id: person.id }, sessionId: session.sessionId } })
    expect(await turnOffPasskeyOnly(session, ctx)).toEqual({ ok: true })
    expect(await turnOffPasskeyOnly(session, ctx)).toEqual({ ok: true })
    expect(await history(person.id, 'passkey_only_off')).toEqual([{ result: 'success', reason: null }])
    expect(await signInRecipient(person.email, 'open')).toMatchObject({ deliver: true })
    await ctx.runLater()
    expect(await db().mailboxMessage.count({ where: { to: person.email, subject: 'Passkey-only sign-in was turned off' } })).toBe(1)
  })
})

describe('with passkey-only on', () => {
  it('the last passkey cannot be removed: email is no way back in', async () => {
    const person = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(person)
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: new Date() } })
    const session = await signedIn(person, 'passkey')
    const ctx = testContext({ caller: { user: { id: person.id }, sessionId: session.sessionId } })
    expect(await removePasskey({ passkeyId }, { user: { ...session.user, displayName: null } }, ctx)).toMatchObject({ ok: false, reason: 'last_method' })
    expect(await db().passkey.count({ where: { userId: person.id } })).toBe(1)
  })

  it('an emailed link approved on another device does not sign the asking browser in', async () => {
    const person = await newPerson()
    const request = await createEmailChallenge({ email: person.email, returnTo: null, context, policy: 'open' })
    await db().emailChallenge.update({ where: { id: request.challengeId }, data: { status: 'approved', approvedAt: new Date() } })
    await db().user.update({ where: { id: person.id }, data: { passkeyOnlySince: new Date() } })
    expect(await claimApprovedSignIn(request.browserSecret)).toBeNull()
  })
})
