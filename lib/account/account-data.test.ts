import { describe, expect, it } from 'vitest'
import { sendNewSignInNotice } from '../auth/session/new-sign-in-notice'
import { noticeAddresses } from '../notices/addresses'
import { createEmailChallenge } from '../auth/email-code/challenge'
import { generateRecoveryCodes } from '../recovery/codes'
import { deliverSecurityNotice } from '../notices/delivery'
import { issueSession } from '../auth/session/store'
import { startSession } from '../auth/session/issue'
import { startTotpEnrollment } from '../recovery/totp'
import { db } from '../db'
import { accountDataExport } from './data-export'
import { deleteAccount } from './deletion'
import { confirmEmailChange, startEmailChange } from './email-change'
import { csvField, historyCsv } from '../activity/export'
import { auditFor } from '../../testing/audit'

const audit = auditFor()

const context = {
  ipAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
}
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

async function newUser(name: string) {
  return db().user.create({ data: { email: address(name), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

const mailTo = (to: string) => db().mailboxMessage.findMany({ where: { to }, select: { subject: true, text: true }, orderBy: { createdAt: 'asc' } })

describe('email change', () => {
  it('takes effect only with the code sent to the new address, and ends pending sign-in codes for the old one', async () => {
    const user = await newUser('change')
    const oldSignIn = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
    const target = address('new-home')
    const challenge = await startEmailChange(user, target, context)
    expect(challenge?.deliver).toBe(true)
    expect(await confirmEmailChange(user.id, challenge!.browserSecret, challenge!.code === '000000' ? '111111' : '000000', audit)).toMatchObject({
      ok: false,
      reason: 'code_wrong',
    })
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email)
    expect(await confirmEmailChange(user.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: true, email: target, previous: user.email })
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: target })
    expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: oldSignIn.challengeId }, select: { status: true } })).toEqual({ status: 'superseded' })
    // Single use: the same code can't be replayed.
    expect(await confirmEmailChange(user.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: false })
  })

  it('sends no usable code to an address another account has, while looking the same to the asker', async () => {
    const user = await newUser('asker')
    const other = await newUser('owner')
    const challenge = await startEmailChange(user, other.email, context)
    expect(challenge).not.toBeNull()
    expect(challenge!.deliver).toBe(false)
    expect(await confirmEmailChange(user.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: false, reason: 'code_wrong' })
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: user.email })
  })

  it('refuses the account’s own address and another user’s pending change', async () => {
    const user = await newUser('self')
    expect(await startEmailChange(user, user.email, context)).toBeNull()
    const intruder = await newUser('intruder')
    const challenge = await startEmailChange(user, address('mine'), context)
    expect(await confirmEmailChange(intruder.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: false, reason: 'request_gone' })
  })
})

describe('new sign-in notice', () => {
  it('is not sent for the account’s first sign-in, is sent for a later one, and not when turned off', async () => {
    const user = await newUser('notice')
    const first = await startSession(user.id, 'email_code', context)
    await sendNewSignInNotice({ userId: user.id, sessionId: first.sessionId, method: 'email_code', context })
    expect(await mailTo(user.email)).toEqual([])
    const second = await startSession(user.id, 'passkey', context)
    await sendNewSignInNotice({ userId: user.id, sessionId: second.sessionId, method: 'passkey', context })
    const mail = await mailTo(user.email)
    expect(mail.map((message) => message.subject)).toEqual(['New sign-in to your account'])
    expect(mail[0]!.text).toContain('Safari on macOS')
    expect(mail[0]!.text).toContain('/account/activity')
    await db().user.update({ where: { id: user.id }, data: { newSignInNotices: false } })
    const third = await startSession(user.id, 'passkey', context)
    await sendNewSignInNotice({ userId: user.id, sessionId: third.sessionId, method: 'passkey', context })
    expect(await mailTo(user.email)).toHaveLength(1)
  })
})

async function userWithEverything() {
  const user = await newUser('full')
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: `cred-${user.id}`,
      publicKey: Buffer.from('public-key-bytes'),
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'My laptop',
      backupEligible: true,
      backedUp: true,
      createdAt: new Date(),
    },
  })
  await generateRecoveryCodes(user.id, audit)
  await startTotpEnrollment(user)
  const factor = await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id } })
  await db().totpFactor.update({ where: { userId: user.id }, data: { confirmedAt: new Date() } })
  const session = await issueSession(user.id, 'passkey', context)
  await db().auditEvent.create({
    data: {
      userId: user.id,
      type: 'session_revoked',
      result: 'success',
      sessionId: session.sessionId,
      detail: JSON.stringify({ revoked: session.sessionId }),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  })
  // A user agent is whatever the client sent: here, a spreadsheet formula.
  await db().auditEvent.create({
    data: {
      userId: user.id,
      type: 'passkey_renamed',
      result: 'success',
      userAgent: '=HYPERLINK("http://evil.example")',
      detail: JSON.stringify({ name: 'Work phone' }),
    },
  })
  return { user, session, factor }
}

describe('security notices sent after the response', () => {
  it('record their delivery anonymised when the account was deleted in the meantime, and find no address to send to', async () => {
    const user = await newUser('gone')
    await deleteAccount(user.id)
    await deliverSecurityNotice({
      to: { addresses: [user.email], locale: null, timeZone: null },
      own: false,
      record: { userId: user.id, reason: 'access_code_issued_for_agent', context },
      write: () => ({
        title: 'Test notice',
        summary: 'Something changed.',
        details: [],
        reviewUrl: 'http://localhost/',
        reviewLabel: 'Review',
        ifNotYou: 'Tell us.',
      }),
    })
    expect(
      await db().auditEvent.findMany({ where: { reason: 'access_code_issued_for_agent' }, select: { type: true, userId: true, ipAddress: true } }),
    ).toEqual([{ type: 'email_sent', userId: null, ipAddress: null }])
    expect(await noticeAddresses(user.id)).toEqual([])
  })
})

describe('export and download', () => {
  it('holds the profile, passkeys, factors, sessions and history, and no key, hash, secret or session id', async () => {
    const { user, session, factor } = await userWithEverything()
    const sentAt = new Date('2026-12-01T10:00:00Z')
    await db().emailDelivery.create({
      data: { id: `email-${user.id}`, kind: 'sign_in', ref: 'f'.repeat(32), userId: user.id, status: 'bounced', sentAt, updatedAt: sentAt },
    })
    const data = await accountDataExport(user.id)
    // The provider's id and the challenge's reference stay out: only what became of each email.
    expect(data.emails).toEqual([{ kind: 'sign_in', status: 'bounced', detail: null, sentAt: sentAt.toISOString(), lastReportAt: sentAt.toISOString() }])
    expect(data.profile.email).toBe(user.email)
    expect(data.passkeys).toEqual([expect.objectContaining({ name: 'My laptop', synced: true })])
    expect(data.recoveryFactors.recoveryCodes).toMatchObject({ total: 10, remaining: 10 })
    expect(data.recoveryFactors.authenticatorApp).not.toBeNull()
    expect(data.sessions).toEqual([expect.objectContaining({ method: 'passkey', device: 'Safari on macOS' })])
    expect(data.history.map((event) => event.type)).toEqual(expect.arrayContaining(['session_revoked', 'passkey_renamed']))
    const text = JSON.stringify(data) + (await historyCsv(user.id))
    const codes = await db().recoveryCode.findMany({ where: { userId: user.id }, select: { hash: true, salt: true } })
    for (const secret of [
      session.sessionId,
      factor.secret,
      `cred-${user.id}`,
      `email-${user.id}`,
      'f'.repeat(32),
      Buffer.from('public-key-bytes').toString('base64'),
      ...codes.flatMap((code) => [code.hash, code.salt]),
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it('defuses spreadsheet formulas in the CSV', async () => {
    const { user } = await userWithEverything()
    expect(await historyCsv(user.id)).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(csvField('+1')).toBe(`"'+1"`)
    expect(csvField('-1')).toBe(`"'-1"`)
    expect(csvField('@cmd')).toBe(`"'@cmd"`)
    expect(csvField('plain, "quoted"')).toBe(`"plain, ""quoted"""`)
  })
})

describe('account deletion', () => {
  it('removes the user, passkeys, factors, sessions and codes, and keeps the history anonymised', async () => {
    const { user } = await userWithEverything()
    const eventIds = (await db().auditEvent.findMany({ where: { userId: user.id }, select: { id: true } })).map((event) => event.id)
    expect(eventIds.length).toBeGreaterThan(0)
    await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
    await db().emailDelivery.create({
      data: { id: `email-${user.id}`, kind: 'notice', userId: user.id, status: 'delivered', sentAt: new Date(), updatedAt: new Date() },
    })
    const { addresses } = await deleteAccount(user.id)
    expect(addresses).toEqual([user.email])
    expect(await db().user.findUnique({ where: { id: user.id } })).toBeNull()
    expect(await db().passkey.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().passkey.count({ where: { credentialId: `cred-${user.id}` } })).toBe(0)
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().totpFactor.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().emailDelivery.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().emailChallenge.count({ where: { email: user.email } })).toBe(0)
    const kept = await db().auditEvent.findMany({
      where: { id: { in: eventIds } },
      select: { userId: true, ipAddress: true, userAgent: true, sessionId: true, detail: true },
    })
    expect(kept).toHaveLength(eventIds.length)
    for (const event of kept) expect(event).toEqual({ userId: null, ipAddress: null, userAgent: null, sessionId: null, detail: null })
    expect(await db().auditEvent.count({ where: { type: 'account_deleted', detail: { contains: `"anonymisedEvents":${eventIds.length}` } } })).toBeGreaterThan(
      0,
    )
  })
})
