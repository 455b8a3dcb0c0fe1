import 'server-only'
import { passkeyProvider } from '../auth/passkeys/providers'
import { db } from '../db'
import { env } from '../env'
import { describeUserAgent } from '../user-agent'
import { historyList } from '../activity/export'
import type { UseCaseContext } from '../use-case'

export type AccountDataExport = Awaited<ReturnType<typeof accountDataExport>>

/** "Export my data" for the signed-in person: their own data, and a history row saying it was exported. */
export async function exportAccountData(session: { user: { id: string } }, ctx: UseCaseContext): Promise<AccountDataExport> {
  const data = await accountDataExport(session.user.id)
  await ctx.audit({ type: 'data_exported', result: 'success', detail: { format: 'account' } })
  return data
}

/**
 * "Export my data": everything the portal holds about the user, as JSON.
 * Only what describes the data: no public keys or credential ids, no code
 * hashes or salts, no TOTP secret, no session ids — nothing that could be
 * used to sign in or to tie the file to a credential.
 */
export async function accountDataExport(userId: string, now = new Date()) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      displayName: true,
      emailVerifiedAt: true,
      backupEmail: true,
      backupEmailVerifiedAt: true,
      phone: true,
      phoneVerifiedAt: true,
      role: true,
      newSignInNotices: true,
      createdAt: true,
      passkeys: {
        orderBy: { createdAt: 'asc' },
        select: {
          name: true,
          aaguid: true,
          backupEligible: true,
          backedUp: true,
          transports: true,
          createdAt: true,
          lastUsedAt: true,
          createdIp: true,
          createdUserAgent: true,
        },
      },
      recoveryCodes: { select: { createdAt: true, usedAt: true } },
      totpFactor: { select: { confirmedAt: true } },
      sessions: {
        where: { expiresAt: { gt: now } },
        orderBy: { lastSeenAt: 'desc' },
        select: { method: true, createdAt: true, lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true },
      },
      emailDeliveries: { orderBy: { sentAt: 'desc' }, select: { kind: true, status: true, detail: true, sentAt: true, updatedAt: true } },
    },
  })
  const usedCodes = user.recoveryCodes.filter((code) => code.usedAt).length
  return {
    exportedAt: now.toISOString(),
    service: env().appName,
    profile: {
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
      displayName: user.displayName,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
      newSignInNotices: user.newSignInNotices,
    },
    passkeys: user.passkeys.map((passkey) => ({
      name: passkey.name,
      provider: passkeyProvider(passkey.aaguid).name,
      synced: passkey.backupEligible,
      backedUp: passkey.backedUp,
      transports: passkey.transports ? passkey.transports.split(',') : [],
      createdAt: passkey.createdAt.toISOString(),
      createdOn: passkey.createdUserAgent ? describeUserAgent(passkey.createdUserAgent) : null,
      createdFromIp: passkey.createdIp,
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    })),
    recoveryFactors: {
      recoveryCodes: user.recoveryCodes.length
        ? {
            total: user.recoveryCodes.length,
            used: usedCodes,
            remaining: user.recoveryCodes.length - usedCodes,
            createdAt: user.recoveryCodes[0]!.createdAt.toISOString(),
          }
        : null,
      authenticatorApp: user.totpFactor?.confirmedAt ? { addedAt: user.totpFactor.confirmedAt.toISOString() } : null,
      backupEmail: user.backupEmail ? { address: user.backupEmail, verifiedAt: user.backupEmailVerifiedAt?.toISOString() ?? null } : null,
      phone: user.phone ? { number: user.phone, verifiedAt: user.phoneVerifiedAt?.toISOString() ?? null } : null,
    },
    sessions: user.sessions.map((session) => ({
      method: session.method,
      signedInAt: session.createdAt.toISOString(),
      lastActiveAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress,
    })),
    // What the email provider reported about the emails sent to them (kept 90 days).
    emails: user.emailDeliveries.map((email) => ({
      kind: email.kind,
      status: email.status,
      detail: email.detail,
      sentAt: email.sentAt.toISOString(),
      lastReportAt: email.updatedAt.toISOString(),
    })),
    history: await historyList(userId),
  }
}
