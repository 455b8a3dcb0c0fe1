import 'server-only'
import type { Audit } from '../audit/record'
import { db } from '../db'
import { sendEmail } from '../email/send'
import { passkeyReminderEmail } from '../email/templates/passkey-reminder'
import { env } from '../env'

/** A person is reminded at most once in this many days, however often an administrator presses the button. */
export const REMINDER_QUIET_DAYS = 7
/** The most reminders one press sends. */
export const REMINDER_BATCH = 1000
const DAY_MS = 86_400_000

/** The active people of a group without a passkey who were not reminded in the last week (at most REMINDER_BATCH). */
export async function reminderRecipients(groupId: string, now = new Date()): Promise<{ id: string; email: string }[]> {
  const since = new Date(now.getTime() - REMINDER_QUIET_DAYS * DAY_MS)
  return db().user.findMany({
    where: {
      groupId,
      status: 'active',
      passkeys: { none: {} },
      auditEvents: { none: { type: 'passkey_reminder_sent', createdAt: { gte: since } } },
    },
    orderBy: { email: 'asc' },
    take: REMINDER_BATCH,
    select: { id: true, email: true },
  })
}

/**
 * "Send them a reminder": emails each recipient a fixed message with the way
 * to the passkeys page (nothing an administrator typed), and records each
 * reminder in the person's history with the acting administrator.
 */
export async function sendPasskeyReminders(recipients: { id: string; email: string }[], audit: Audit): Promise<number> {
  const { appName, appUrl } = env()
  const message = await passkeyReminderEmail({ appName, link: `${appUrl}/account/passkeys` })
  let sent = 0
  for (const recipient of recipients) {
    try {
      await sendEmail(recipient.email, message)
      await audit({ type: 'passkey_reminder_sent', result: 'success', userId: recipient.id, sessionId: null })
      sent += 1
    } catch {
      // One address the provider refused does not stop the others; the failure is in that person's history.
      await audit({ type: 'passkey_reminder_sent', result: 'failure', userId: recipient.id, sessionId: null })
    }
  }
  return sent
}
