import 'server-only'
import { createHmac } from 'node:crypto'
import { derivedKey } from '../crypto'

/**
 * What the send tells the provider about a message, so its delivery events
 * come back saying which message they are about (lib/email/delivery-status.ts).
 * The tags carry no address and nothing a reader could use: the kind, a
 * keyed hash of the challenge (never its id, which is a hash of the
 * browser's secret) and the account's id. The send path writes nothing for
 * them: a sign-in costs no statement more.
 */
/** A challenge's purpose (lib/auth/email-code/purpose.ts), or the other emails the portal sends. */
export const DELIVERY_KINDS = ['sign_in', 'recovery', 'email_change', 'backup_email', 'step_up', 'notice', 'invitation', 'reminder'] as const
export type DeliveryKind = (typeof DELIVERY_KINDS)[number]

export type DeliveryTag = { kind: DeliveryKind; ref?: string | null; userId?: string | null }

/** The reference a challenge's email carries, and the check-email page looks its delivery up by. */
export function challengeDeliveryRef(challengeId: string): string {
  return createHmac('sha256', derivedKey('email-delivery-ref')).update(challengeId).digest('hex').slice(0, 32)
}

/** Resend's tags: names and values of ASCII letters, digits, '_' and '-' only. */
export function providerTags(tag: DeliveryTag): { name: string; value: string }[] {
  const tags: { name: string; value: string }[] = [{ name: 'kind', value: tag.kind }]
  if (tag.ref) tags.push({ name: 'ref', value: tag.ref })
  if (tag.userId) tags.push({ name: 'user', value: tag.userId })
  return tags
}
