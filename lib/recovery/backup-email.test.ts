import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { backupEmailStatus, confirmBackupEmail, removeBackupEmail, startBackupEmail } from './backup-email'
import { noticeAddresses } from '../notices/addresses'
import { createEmailChallenge } from '../auth/email-code/challenge'
import { sendEmailChallenge } from '../auth/email-code/challenge-email'
import { checkEmailCode } from '../auth/email-code/code-check'
import { confirmEmailLink } from '../auth/email-code/link'
import { verifyEmailCode } from '../auth/email-code/code-check'
import { auditFor } from '../../testing/audit'

const context = { ipAddress: '203.0.113.10', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' }
const audit = auditFor(context)
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`

async function newUser() {
  return db().user.create({ data: { email: address('owner'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
}

describe('emailed codes have one purpose each', () => {
  it('a confirmation code does not sign in, and only sign-in emails carry a working link', async () => {
    const user = await newUser()
    const challenge = await createEmailChallenge({
      email: user.email,
      returnTo: null,
      context,
      purpose: 'step_up',
      recipient: { userId: user.id, deliver: true },
    })
    expect(await verifyEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code, policy: 'open' })).toMatchObject({ ok: false })
    expect(await confirmEmailLink({ linkToken: challenge.linkToken, mode: 'here', browserSecret: challenge.browserSecret, policy: 'open' })).toMatchObject({
      ok: false,
      reason: 'link_invalid',
    })
    expect(await checkEmailCode({ browserSecret: challenge.browserSecret, code: challenge.code, purpose: 'step_up' })).toMatchObject({
      ok: true,
      userId: user.id,
    })
  })

  it('a new request supersedes only requests with the same purpose', async () => {
    const user = await newUser()
    const signIn = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
    await createEmailChallenge({ email: user.email, returnTo: null, context, purpose: 'step_up', recipient: { userId: user.id, deliver: true } })
    expect(await verifyEmailCode({ browserSecret: signIn.browserSecret, code: signIn.code, policy: 'open' })).toMatchObject({ ok: true })
  })

  it('each purpose’s email says what the code is for, without a sign-in link', async () => {
    const user = await newUser()
    for (const [purpose, subject] of [
      ['step_up', /^Confirm it’s you on /],
      ['backup_email', /^Confirm your backup email for /],
      ['recovery', /^Recover your .+ account$/],
    ] as const) {
      const to = address(purpose)
      const challenge = await createEmailChallenge({ email: to, returnTo: null, context, purpose, recipient: { userId: user.id, deliver: true } })
      await sendEmailChallenge(challenge, context, 'UTC')
      const message = await db().mailboxMessage.findFirstOrThrow({ where: { to } })
      expect(message.subject).toMatch(subject)
      expect(message.subject).not.toContain(challenge.code)
      expect(message.text).toContain(challenge.code)
      expect(message.text).not.toContain('/sign-in/link')
    }
  })
})

describe('backup email', () => {
  it('counts only after the code sent to it comes back', async () => {
    const user = await newUser()
    const backup = address('backup')
    const challenge = await startBackupEmail(user, backup, context)
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: null, pending: backup })
    expect(await noticeAddresses(user.id)).toEqual([user.email])
    expect(await confirmBackupEmail(user.id, challenge!.browserSecret, '000000', audit)).toMatchObject({ ok: false })
    expect(await confirmBackupEmail(user.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: true, email: backup })
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: backup, pending: null })
    expect(await noticeAddresses(user.id)).toEqual([user.email, backup])
  })

  it('refuses the account’s own address, and another user cannot complete someone’s proof', async () => {
    const user = await newUser()
    const other = await newUser()
    expect(await startBackupEmail(user, user.email, context)).toBeNull()
    const challenge = await startBackupEmail(user, address('backup'), context)
    expect(await confirmBackupEmail(other.id, challenge!.browserSecret, challenge!.code, audit)).toMatchObject({ ok: false, reason: 'request_gone' })
    expect(await backupEmailStatus(other.id)).toMatchObject({ address: null })
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: null })
  })

  it('an unproven new address never replaces the proven one; removal ends both', async () => {
    const user = await newUser()
    const first = address('first')
    const proof = await startBackupEmail(user, first, context)
    await confirmBackupEmail(user.id, proof!.browserSecret, proof!.code, audit)
    const second = address('second')
    const pending = await startBackupEmail(user, second, context)
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: first, pending: second })
    expect(await removeBackupEmail(user.id, audit)).toBe(first)
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: null, pending: null })
    expect(await confirmBackupEmail(user.id, pending!.browserSecret, pending!.code, audit)).toMatchObject({ ok: false })
  })
})
