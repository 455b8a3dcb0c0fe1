import { describe, expect, it } from 'vitest'
import { testContext, type TestUseCaseContext } from '../../testing/use-case'
import type { CurrentSession } from '../auth/dal'
import { signInRequestCookie } from '../auth/email-code/request-cookie'
import { db } from '../db'
import { DEFAULT_POLICY } from '../policy/schema'
import { confirmBackupEmailCode, removeBackupEmailAddress, sendBackupEmailCode } from './account-backup-email'
import { backupEmailStatus } from './backup-email'

const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`
const proofCookie = () => signInRequestCookie('backup_email').name

/** A person signed in a moment ago, as the recently-verified guard lets through. */
async function signedIn() {
  const user = await db().user.create({ data: { email: address('owner'), emailVerifiedAt: new Date() }, select: { id: true, email: true } })
  const now = new Date()
  const session: CurrentSession = {
    sessionId: `session-${user.id}`,
    method: 'passkey',
    signedInAt: now,
    verifiedAt: now,
    verifiedMethod: 'passkey',
    verifiedFor: null,
    user: { ...user, displayName: null, role: 'user', locale: null, timeZone: null },
    policy: DEFAULT_POLICY,
    hasPasskey: true,
  }
  return { user, session, ctx: testContext({ caller: session }) }
}

const history = (userId: string, type: string) =>
  db().auditEvent.findMany({ where: { type, userId }, orderBy: { createdAt: 'asc' }, select: { result: true, reason: true } })
const notices = (to: string, subject: string) => db().mailboxMessage.count({ where: { to, subject } })

/** The code in the latest email to an address. */
async function codeSentTo(to: string) {
  const message = await db().mailboxMessage.findFirstOrThrow({ where: { to }, orderBy: { createdAt: 'desc' } })
  return message.text.match(/\b(\d{6})\b/)![1]!
}

async function prove(session: CurrentSession, ctx: TestUseCaseContext, backup: string) {
  expect(await sendBackupEmailCode({ email: backup, timeZone: 'UTC' }, session, ctx)).toEqual({ ok: true })
  const code = await codeSentTo(backup)
  return confirmBackupEmailCode({ data: { code }, typed: { code } }, session, ctx)
}

describe('sendBackupEmailCode', () => {
  it('sends a code to the new address now, bound to this browser; the address does not count yet', async () => {
    const { user, session, ctx } = await signedIn()
    const backup = address('backup')
    expect(await sendBackupEmailCode({ email: backup, timeZone: 'UTC' }, session, ctx)).toEqual({ ok: true })
    expect(ctx.cookies.has(proofCookie())).toBe(true)
    expect((await db().mailboxMessage.findFirstOrThrow({ where: { to: backup } })).subject).toMatch(/^Confirm your backup email for /)
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: null, pending: backup })
  })

  it('refuses the account’s own address, keeping it in the field', async () => {
    const { user, session, ctx } = await signedIn()
    expect(await sendBackupEmailCode({ email: user.email, timeZone: 'UTC' }, session, ctx)).toMatchObject({
      ok: false,
      state: { status: 'error', code: 'backup_email_same', field: 'email', values: { email: user.email } },
    })
    expect(ctx.cookies.has(proofCookie())).toBe(false)
  })
})

describe('confirmBackupEmailCode', () => {
  it('the code from the address makes it the backup address, recorded; both addresses are told after the response', async () => {
    const { user, session, ctx } = await signedIn()
    const backup = address('backup')
    expect(await prove(session, ctx, backup)).toEqual({ ok: true, email: backup })
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: backup, pending: null })
    expect(ctx.cookies.has(proofCookie())).toBe(false)
    expect(await history(user.id, 'backup_email_added')).toEqual([{ result: 'success', reason: null }])
    const subject = 'A backup email was added to your account'
    expect(await notices(user.email, subject)).toBe(0)
    await ctx.runLater()
    expect(await notices(user.email, subject)).toBe(1)
    expect(await notices(backup, subject)).toBe(1)
  })

  it('a wrong code is refused and recorded, and the address does not count', async () => {
    const { user, session, ctx } = await signedIn()
    const backup = address('backup')
    await sendBackupEmailCode({ email: backup, timeZone: 'UTC' }, session, ctx)
    const wrong = (await codeSentTo(backup)) === '000000' ? '111111' : '000000'
    expect(await confirmBackupEmailCode({ data: { code: wrong }, typed: { code: wrong } }, session, ctx)).toMatchObject({
      ok: false,
      state: { code: 'code_wrong', field: 'code', values: { code: wrong } },
    })
    expect(await history(user.id, 'backup_email_added')).toEqual([{ result: 'failure', reason: 'code_wrong' }])
    expect(await backupEmailStatus(user.id)).toMatchObject({ address: null })
    expect(ctx.pending).toHaveLength(0)
  })
})

describe('removeBackupEmailAddress', () => {
  it('removes it, recorded; the removed address is told too, and a proof in progress ends', async () => {
    const { user, session, ctx } = await signedIn()
    const backup = address('backup')
    await prove(session, ctx, backup)
    await sendBackupEmailCode({ email: address('next'), timeZone: 'UTC' }, session, ctx)
    const removing = testContext({ caller: session, cookies: { [proofCookie()]: ctx.cookies.get(proofCookie())!.value } })
    expect(await removeBackupEmailAddress(session, removing)).toEqual({ removed: backup })
    expect(await backupEmailStatus(user.id)).toEqual({ address: null, verifiedAt: null, pending: null })
    expect(removing.cookies.has(proofCookie())).toBe(false)
    expect(await history(user.id, 'backup_email_removed')).toEqual([{ result: 'success', reason: null }])
    await removing.runLater()
    expect(await notices(backup, 'Your backup email was removed')).toBe(1)
    expect(await notices(user.email, 'Your backup email was removed')).toBe(1)
  })

  it('with no backup address, nothing is recorded and nobody is told', async () => {
    const { user, session, ctx } = await signedIn()
    expect(await removeBackupEmailAddress(session, ctx)).toEqual({ removed: null })
    expect(await history(user.id, 'backup_email_removed')).toEqual([])
    expect(ctx.pending).toHaveLength(0)
  })
})
