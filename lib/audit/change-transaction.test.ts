import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { auditFor, failAuditRowsOf } from '../../testing/audit'
import { testContext } from '../../testing/use-case'
import { createSoftPasskey, softRegistrationResponse } from '../../testing/soft-authenticator'
import { confirmEmailChange, startEmailChange } from '../account/email-change'
import { moveMembersToGroup } from '../admin/group-moves'
import { acceptInvitation } from '../admin/invitations'
import { invitePeople, revokeInvitation } from '../admin/inviting'
import { suspendPerson } from '../admin/lifecycle'
import { resolveReport } from '../admin/reports'
import { challengeIdFor } from '../auth/email-code/challenge'
import { finishPasskeyRegistration, startPasskeyRegistration } from '../auth/passkeys/registration'
import { registrationResponseSchema } from '../auth/passkeys/webauthn'
import { signOutElsewhere } from '../auth/session/sign-out-elsewhere'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { env } from '../env'
import { changeAppGroups } from '../oidc/app-groups'
import { appInputSchema, disableApp, registerApp, replaceAppSecret } from '../oidc/apps'
import { createGroup, saveGroupPolicy, setDefaultGroup } from '../policy/group-changes'
import { DEFAULT_POLICY } from '../policy/schema'
import { approveAccessCode, redeemAccessCode, reportAccessCode, requestAccessCode, type Agent } from '../recovery/access-codes'
import { confirmBackupEmail, removeBackupEmail, startBackupEmail } from '../recovery/backup-email'
import { generateRecoveryCodes } from '../recovery/codes'
import { completeRecovery, proveRecoveryEmail, startRecovery } from '../recovery/self-service'
import { confirmTotpEnrollment, removeTotp, startTotpEnrollment } from '../recovery/totp'
import { recordEvent, type AuditEventType } from './record'

/**
 * A change and its history row are one transaction (ADR 20): when the
 * database refuses the row, the change is not made either.
 */

const context = { ipAddress: '203.0.113.20', userAgent: 'vitest' }
const audit = auditFor(context)
const ctx = testContext({ request: context })
const adminSession = { user: { email: 'admin@example.com' } }

async function person(role: 'user' | 'helpdesk' = 'user') {
  return db().user.create({
    data: { email: `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`, role, emailVerifiedAt: new Date() },
    select: { id: true, email: true, displayName: true, role: true, groupId: true },
  })
}

const codeRequest = (agent: Agent, userId: string) => ({
  agent,
  userId,
  verification: 'Video call; matched the badge photo.',
  checks: ['video_call' as const],
  validHours: 1,
})

/** Runs `change` while the database refuses every history row of `type`: it must fail, and leave no row of that type. */
async function refusedWhileRowsOf(type: AuditEventType, change: () => Promise<unknown>) {
  const before = await db().auditEvent.count({ where: { type } })
  const heal = await failAuditRowsOf(type)
  try {
    // PostgreSQL passes the trigger's message on; Prisma's SQLite adapter reports RAISE(ABORT) as a constraint violation.
    await expect(change()).rejects.toThrow(/audit fault|constraint violated/)
  } finally {
    await heal()
  }
  expect(await db().auditEvent.count({ where: { type } })).toBe(before)
}

describe('a change whose history row cannot be written is not made', () => {
  it('suspending: the person stays active and keeps their sessions', async () => {
    const user = await person()
    await issueSession(user.id, 'passkey', context)
    await refusedWhileRowsOf('account_suspended', () => suspendPerson({ userId: user.id }, adminSession, ctx))
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { status: true } })).toEqual({ status: 'active' })
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1)
  })

  it('moving someone to another group: they stay in theirs', async () => {
    const user = await person()
    await refusedWhileRowsOf('group_members_moved', () => moveMembersToGroup({ emails: [user.email], groupId: 'contractors' }, adminSession, ctx))
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { groupId: true } })).toEqual({ groupId: user.groupId })
  })

  it('inviting someone: no account and no link are left for them', async () => {
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.com`
    await refusedWhileRowsOf('invitation_sent', () => invitePeople([{ email, name: null, groupId: 'customers' }], adminSession, ctx))
    expect(await db().user.count({ where: { email } })).toBe(0)
  })

  it('withdrawing an invitation: its link still works', async () => {
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.com`
    const [invited] = await invitePeople([{ email, name: null, groupId: 'customers' }], adminSession, ctx)
    await refusedWhileRowsOf('invitation_revoked', () => revokeInvitation({ userId: invited!.userId! }, adminSession, ctx))
    expect(await db().invitation.count({ where: { userId: invited!.userId!, revokedAt: null } })).toBe(1)
  })

  it('accepting an invitation: the account stays invited and the link still works', async () => {
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.com`
    const [invited] = await invitePeople([{ email, name: null, groupId: 'customers' }], adminSession, ctx)
    await refusedWhileRowsOf('invitation_accepted', () => acceptInvitation(invited!.token!, audit))
    expect(await db().user.findUniqueOrThrow({ where: { email }, select: { status: true } })).toEqual({ status: 'invited' })
    expect(await db().invitation.count({ where: { userId: invited!.userId!, usedAt: null } })).toBe(1)
  })

  it('changing a group’s policy: the old policy stays', async () => {
    const before = await db().group.findUniqueOrThrow({ where: { id: 'contractors' }, select: { policy: true, preset: true } })
    await refusedWhileRowsOf('group_policy_changed', () =>
      saveGroupPolicy({ groupId: 'contractors', policy: { ...DEFAULT_POLICY, methods: ['passkey'] } }, ctx),
    )
    expect(await db().group.findUniqueOrThrow({ where: { id: 'contractors' }, select: { policy: true, preset: true } })).toEqual(before)
  })

  it('creating a group, or making another the default: neither happens', async () => {
    const name = `Group ${Math.random().toString(36).slice(2, 10)}`
    await refusedWhileRowsOf('group_created', () => createGroup({ name, description: '' }, ctx))
    expect(await db().group.count({ where: { name } })).toBe(0)
    const before = await db().group.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } })
    await refusedWhileRowsOf('group_default_changed', () => setDefaultGroup({ groupId: before.id === 'employees' ? 'contractors' : 'employees' }, ctx))
    expect(await db().group.findMany({ where: { isDefault: true }, select: { id: true } })).toEqual([before])
  })

  it('issuing a helpdesk access code: no code, not even a request, is left', async () => {
    const agent = await person('helpdesk')
    const user = await person()
    await refusedWhileRowsOf('access_code_issued', () => requestAccessCode({ ...codeRequest(agent, user.id), context, audit }))
    expect(await db().accessCode.count({ where: { userId: user.id } })).toBe(0)
  })

  it('approving an agent’s access code: it still waits for approval', async () => {
    const [first, second, colleague] = [await person('helpdesk'), await person('helpdesk'), await person('helpdesk')]
    const pending = await requestAccessCode({ ...codeRequest(first, colleague.id), context, audit })
    if (!pending.ok) throw new Error('refused')
    await refusedWhileRowsOf('access_code_issued', () => approveAccessCode({ agent: second, requestId: pending.id, context, audit }))
    expect(await db().accessCode.findUniqueOrThrow({ where: { id: pending.id }, select: { status: true, hash: true } })).toEqual({
      status: 'awaiting_approval',
      hash: null,
    })
  })

  it('redeeming or reporting a helpdesk access code: the code still works', async () => {
    const user = await person()
    const issued = await requestAccessCode({ ...codeRequest(await person('helpdesk'), user.id), context, audit })
    if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
    await refusedWhileRowsOf('access_code_used', () => redeemAccessCode(user.email, issued.code, context, audit))
    await refusedWhileRowsOf('access_code_reported', () => reportAccessCode(issued.reportToken, audit))
    expect(await db().accessCode.findUniqueOrThrow({ where: { id: issued.id }, select: { status: true, usedAt: true } })).toEqual({
      status: 'active',
      usedAt: null,
    })
  })

  it('completing a self-service recovery: the recovery code stays unused and the proven address can try again', async () => {
    const user = await person()
    const [code] = await generateRecoveryCodes(user.id, audit)
    const challenge = await startRecovery(user.email, context)
    expect(await proveRecoveryEmail(challenge.browserSecret, challenge.code)).toMatchObject({ ok: true })
    await refusedWhileRowsOf('recovery_factor', () => completeRecovery(challenge.browserSecret, 'recovery_code', code!, context, audit))
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0)
    const proof = { where: { id: challengeIdFor(challenge.browserSecret) }, select: { status: true } }
    expect(await db().emailChallenge.findUniqueOrThrow(proof)).toEqual({ status: 'consumed' })
  })

  it('making new recovery codes: the old set keeps working', async () => {
    const user = await person()
    await generateRecoveryCodes(user.id, audit)
    const codes = { where: { userId: user.id }, select: { id: true }, orderBy: { id: 'asc' as const } }
    const before = await db().recoveryCode.findMany(codes)
    await refusedWhileRowsOf('recovery_codes_generated', () => generateRecoveryCodes(user.id, audit))
    expect(await db().recoveryCode.findMany(codes)).toEqual(before)
  })

  it('adding an authenticator app: it stays a set-up not finished', async () => {
    const user = await person()
    const enrollment = await startTotpEnrollment(user)
    // A current code, from OATH Toolkit's oathtool.
    const code = execFileSync('oathtool', ['--totp', '--base32', enrollment!.secret], { encoding: 'utf8' }).trim()
    await refusedWhileRowsOf('totp_added', () => confirmTotpEnrollment(user.id, code, audit))
    expect(await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id }, select: { confirmedAt: true, lastUsedStep: true } })).toEqual({
      confirmedAt: null,
      lastUsedStep: null,
    })
  })

  it('removing the authenticator app: it stays', async () => {
    const user = await person()
    await startTotpEnrollment(user)
    await db().totpFactor.update({ where: { userId: user.id }, data: { confirmedAt: new Date() } })
    await refusedWhileRowsOf('totp_removed', () => removeTotp(user.id, audit))
    expect(await db().totpFactor.count({ where: { userId: user.id, confirmedAt: { not: null } } })).toBe(1)
  })

  it('adding or removing a backup email: the account keeps the address it had', async () => {
    const user = await person()
    const backup = `backup-${Math.random().toString(36).slice(2, 10)}@example.com`
    const proof = await startBackupEmail(user, backup, context)
    await refusedWhileRowsOf('backup_email_added', () => confirmBackupEmail(user.id, proof!.browserSecret, proof!.code, audit))
    const backupOf = { where: { id: user.id }, select: { backupEmail: true } }
    expect(await db().user.findUniqueOrThrow(backupOf)).toEqual({ backupEmail: null })
    await db().user.update({ where: { id: user.id }, data: { backupEmail: backup, backupEmailVerifiedAt: new Date() } })
    await refusedWhileRowsOf('backup_email_removed', () => removeBackupEmail(user.id, audit))
    expect(await db().user.findUniqueOrThrow(backupOf)).toEqual({ backupEmail: backup })
  })

  it('changing the sign-in address: the account keeps signing in with the old one', async () => {
    const user = await person()
    const proof = await startEmailChange(user, `new-${Math.random().toString(36).slice(2, 10)}@example.com`, context)
    await refusedWhileRowsOf('email_changed', () => confirmEmailChange(user.id, proof!.browserSecret, proof!.code, audit))
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).toEqual({ email: user.email })
  })

  it('registering, changing or turning off an app: none of it happens', async () => {
    const input = appInputSchema.parse({
      name: `App ${Math.random().toString(36).slice(2, 10)}`,
      redirectUris: 'https://app.example/callback',
      postLogoutRedirectUris: '',
      backchannelLogoutUri: '',
      clientType: 'confidential',
      allowedGroups: [],
      minimumLevel: 'email',
      signingAlg: 'ES256',
    })
    await refusedWhileRowsOf('app_registered', () => registerApp(input, adminSession, ctx))
    expect(await db().oidcApp.count({ where: { name: input.name } })).toBe(0)
    const registered = await registerApp(input, adminSession, ctx)
    if (!registered.ok) throw new Error(registered.reason)
    const { app } = registered
    const before = await db().oidcApp.findUniqueOrThrow({ where: { id: app.id } })
    await refusedWhileRowsOf('app_secret_replaced', () => replaceAppSecret({ clientId: app.id }, ctx))
    await refusedWhileRowsOf('app_groups_changed', () => changeAppGroups({ clientId: app.id, allowedGroups: ['employees'] }, ctx))
    await refusedWhileRowsOf('app_disabled', () => disableApp({ clientId: app.id }, ctx))
    expect(await db().oidcApp.findUniqueOrThrow({ where: { id: app.id } })).toEqual(before)
  })

  it('adding a passkey (as a recovery session does): none is stored', async () => {
    const user = await person()
    const { options, browserSecret } = await startPasskeyRegistration(user)
    const rp = { origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId }
    const response = registrationResponseSchema.parse(softRegistrationResponse(createSoftPasskey(user.id), { challenge: options.challenge, ...rp }))
    await refusedWhileRowsOf('passkey_added', () => finishPasskeyRegistration({ userId: user.id, browserSecret, response, context, audit }))
    expect(await db().passkey.count({ where: { userId: user.id } })).toBe(0)
  })

  it('resolving a “This wasn’t me” report: it stays open', async () => {
    const user = await person()
    const reportEventId = await recordEvent({ type: 'activity_reported', result: 'success', userId: user.id, context })
    const report = await db().activityReport.create({ data: { userId: user.id, reportEventId, createdAt: new Date() }, select: { id: true } })
    await refusedWhileRowsOf('activity_report_resolved', () => resolveReport({ reportId: report.id, note: 'Their own phone' }, adminSession, ctx))
    expect(await db().activityReport.findUniqueOrThrow({ where: { id: report.id }, select: { status: true } })).toEqual({ status: 'open' })
  })

  it('signing out everywhere else, as a recovery ends: the other sessions go on', async () => {
    const user = await person()
    const kept = await issueSession(user.id, 'recovery', context)
    await issueSession(user.id, 'passkey', context)
    await refusedWhileRowsOf('session_revoked', () => signOutElsewhere({ userId: user.id, keepSessionId: kept.sessionId, appSession: undefined, audit }))
    expect(await db().session.count({ where: { userId: user.id } })).toBe(2)
  })
})
