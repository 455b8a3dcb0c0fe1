import 'server-only'
import type { Audit } from '../audit/record'
import { db } from '../db'
import type { RequestContext } from '../web/request-context'
import { createEmailChallenge, type CreatedChallenge } from '../auth/email-code/challenge'
import { checkEmailCode, type CodeCheck } from '../auth/email-code/code-check'

/**
 * A backup email address for recovery. It counts only once a code sent to it
 * has been entered: until then it lives in its pending challenge, so an
 * unproven address never replaces a proven one.
 */

export type BackupEmailStatus = { address: string | null; verifiedAt: Date | null; pending: string | null }

export async function backupEmailStatus(userId: string, now = new Date()): Promise<BackupEmailStatus> {
  const [user, pending] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { backupEmail: true, backupEmailVerifiedAt: true } }),
    db().emailChallenge.findFirst({
      where: { userId, purpose: 'backup_email', status: 'pending', expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      select: { email: true },
    }),
  ])
  return { address: user.backupEmail, verifiedAt: user.backupEmailVerifiedAt, pending: pending?.email ?? null }
}

/** Starts proving a backup address: a code goes to it. Null when it is the account's own address. */
export async function startBackupEmail(user: { id: string; email: string }, address: string, context: RequestContext): Promise<CreatedChallenge | null> {
  if (address === user.email) return null
  return createEmailChallenge({ email: address, returnTo: null, context, purpose: 'backup_email', recipient: { userId: user.id, deliver: true } })
}

/** Completes it with the emailed code; the address then counts as the backup address, recorded with the change. A wrong code is the caller's to record. */
export async function confirmBackupEmail(userId: string, browserSecret: string, code: string, audit: Audit, now = new Date()): Promise<CodeCheck> {
  const checked = await checkEmailCode({ browserSecret, code, purpose: 'backup_email', now })
  if (!checked.ok) return checked
  if (checked.userId !== userId) return { ok: false, reason: 'request_gone', userId, email: checked.email }
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { backupEmail: checked.email, backupEmailVerifiedAt: now }, select: { id: true } })
    await audit({ type: 'backup_email_added', result: 'success', userId }, tx)
  })
  return checked
}

/** Removes the backup address (recorded, when there was one) and ends any pending proof of a new one; returns the address that was removed. */
export async function removeBackupEmail(userId: string, audit: Audit): Promise<string | null> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { backupEmail: true } })
    await tx.user.update({ where: { id: userId }, data: { backupEmail: null, backupEmailVerifiedAt: null }, select: { id: true } })
    await tx.emailChallenge.updateMany({ where: { userId, purpose: 'backup_email', status: 'pending' }, data: { status: 'superseded' } })
    if (user.backupEmail) await audit({ type: 'backup_email_removed', result: 'success', userId }, tx)
    return user.backupEmail
  })
}
