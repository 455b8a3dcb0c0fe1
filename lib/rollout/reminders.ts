import 'server-only'
import type { Audit } from '../audit/record'
import { db } from '../db'
import { sendEmail } from '../email/send'
import type { RenderedEmail } from '../email/render'
import { passkeyReminderEmail } from '../email/templates/passkey-reminder'
import { emailTranslator } from '../email/words'
import { env } from '../env'
import { recipientPreferences } from '../i18n/preferences'
import { findGroup } from '../policy/groups'
import type { UseCaseContext } from '../use-case'

/** A person is reminded at most once in this many days, however often an administrator presses the button. */
export const REMINDER_QUIET_DAYS = 7
/** The most reminders one press sends. */
export const REMINDER_BATCH = 1000
const DAY_MS = 86_400_000

/** Someone to remind, with the language and zone they saved (null: none). */
type ReminderRecipient = { id: string; email: string; locale: string | null; timeZone: string | null }

/** The active people of a group without a passkey who were not reminded in the last week (at most REMINDER_BATCH). */
async function reminderRecipients(groupId: string, now = new Date()): Promise<ReminderRecipient[]> {
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
    select: { id: true, email: true, locale: true, timeZone: true },
  })
}

/**
 * "Send them a reminder", an administrator's: a group's people still without
 * a passkey (at most once a week each) are emailed after the response. Says
 * how many will be.
 */
export async function sendPasskeyReminders(
  input: { groupId: string },
  ctx: UseCaseContext,
): Promise<{ ok: true; recipients: number } | { ok: false; reason: 'group_not_found' | 'reminders_none' }> {
  if (!(await findGroup(input.groupId))) return { ok: false, reason: 'group_not_found' }
  const recipients = await reminderRecipients(input.groupId)
  if (recipients.length === 0) return { ok: false, reason: 'reminders_none' }
  ctx.later(() => remind(recipients, ctx.audit))
  return { ok: true, recipients: recipients.length }
}

/**
 * Emails each recipient a fixed message with the way to the passkeys page
 * (nothing an administrator typed), in the language they saved, else the
 * organisation's (never the administrator's), and records each reminder in
 * the person's history with the acting administrator. The message is
 * rendered once per language.
 */
async function remind(recipients: ReminderRecipient[], audit: Audit): Promise<void> {
  const { appName, appUrl } = env()
  const messages = new Map<string, Promise<RenderedEmail>>()
  const messageFor = (recipient: ReminderRecipient) => {
    const tr = emailTranslator(recipientPreferences(recipient, null, false))
    let message = messages.get(tr.locale)
    if (!message) {
      message = passkeyReminderEmail(tr, { appName, link: `${appUrl}/account/passkeys` })
      messages.set(tr.locale, message)
    }
    return message
  }
  for (const recipient of recipients) {
    try {
      await sendEmail(recipient.email, await messageFor(recipient), { tag: { kind: 'reminder', userId: recipient.id } })
      await audit({ type: 'passkey_reminder_sent', result: 'success', userId: recipient.id, sessionId: null })
    } catch {
      // One address the provider refused does not stop the others; the failure is in that person's history.
      await audit({ type: 'passkey_reminder_sent', result: 'failure', userId: recipient.id, sessionId: null })
    }
  }
}
