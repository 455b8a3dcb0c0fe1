import 'server-only'
import type { CurrentSession } from '../auth/dal'
import { checkProofCode, sendProofCode, type Refused } from '../auth/email-code/emailed-code'
import { signInRequestCookie } from '../auth/email-code/request-cookie'
import type { UseCaseContext } from '../use-case'
import { clearedCookie } from '../web/cookies'
import { confirmBackupEmail, removeBackupEmail, startBackupEmail } from './backup-email'
import { sendAccountNotice } from './notices'

/**
 * The account's backup address: proven with a code sent to it before it
 * counts, and removed at once. Every address hears of a change, the removed
 * one included.
 */

/** Sends a code to a new backup address; the account's own address is refused. */
export async function sendBackupEmailCode(
  input: { email: string; timeZone: string },
  session: CurrentSession,
  ctx: UseCaseContext,
): Promise<Refused<'email'> | { ok: true }> {
  const sent = await sendProofCode(
    { data: input, session, ctx },
    { purpose: 'backup_email', unusable: 'backup_email_same', create: () => startBackupEmail(session.user, input.email, ctx.request) },
  )
  return sent.ok ? { ok: true } : sent
}

/** Completes it with the code sent to that address; it then counts as the backup address. */
export async function confirmBackupEmailCode(
  input: { data: { code: string }; typed: { code?: string } },
  session: CurrentSession,
  ctx: UseCaseContext,
): Promise<Refused<'code'> | { ok: true; email: string }> {
  const userId = session.user.id
  const proven = await checkProofCode(
    { ...input, session, ctx },
    {
      purpose: 'backup_email',
      event: 'backup_email_added',
      confirm: (secret, code) => confirmBackupEmail(userId, secret, code, ctx.audit),
    },
  )
  if (!proven.ok) return proven
  ctx.later(() => sendAccountNotice('backup_email_added', { userId, context: ctx.request }))
  return { ok: true, email: proven.value.email }
}

/** Removes the backup address and ends any proof of a new one in progress, this browser's included. */
export async function removeBackupEmailAddress(session: { user: { id: string } }, ctx: UseCaseContext): Promise<{ removed: string | null }> {
  const userId = session.user.id
  const removed = await removeBackupEmail(userId, ctx.audit)
  if (removed) ctx.later(() => sendAccountNotice('backup_email_removed', { userId, context: ctx.request, extra: [removed] }))
  ctx.cookies.set(clearedCookie(signInRequestCookie('backup_email')))
  return { removed }
}
