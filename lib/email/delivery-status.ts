import 'server-only'
import { z } from 'zod'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import { metrics } from '../ops/metrics'
import { DELIVERY_KINDS } from './delivery-tags'
import { resend } from './send'

/**
 * Delivery status from the provider: Resend posts each email.* event to
 * /api/webhooks/resend, signed the Standard Webhooks way (an HMAC of the
 * webhook id, timestamp and body under the endpoint's secret, with a
 * five-minute tolerance on the timestamp). Only a verified event changes
 * anything; each webhook id is applied once, so a retry or a replay inside
 * the tolerance is a no-op. A message's status only moves forward (an
 * event that arrives late never undoes a bounce), and a bounce or complaint
 * goes into the person's history.
 */

export const DELIVERY_STATUSES = ['sent', 'delayed', 'delivered', 'bounced', 'complained', 'failed', 'suppressed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** How far a message got; a later event with a lower rank is older news. */
const RANK: Record<DeliveryStatus, number> = { sent: 0, delayed: 1, delivered: 2, bounced: 3, complained: 3, failed: 3, suppressed: 3 }

/** The message did not reach the mailbox and will not: what the page calls "bounced". */
export const undelivered = (status: DeliveryStatus) => status === 'bounced' || status === 'failed' || status === 'suppressed'

const STATUS_OF_EVENT: Record<string, DeliveryStatus> = {
  'email.sent': 'sent',
  'email.delivery_delayed': 'delayed',
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.failed': 'failed',
  'email.suppressed': 'suppressed',
}

const tagValue = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
/** The provider's short words for a bounce, cut to a length a page can show (never refused: the event is genuine). */
const shortText = z
  .string()
  .optional()
  .transform((value) => value?.slice(0, 64))

/** The part of an email.* event this reads; the rest of the payload is ignored. */
const emailEvent = z.object({
  type: z.string(),
  created_at: z.string().max(64),
  data: z.object({
    email_id: z.string().min(1).max(100),
    created_at: z.string().max(64).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    bounce: z.object({ type: shortText, subType: shortText }).optional(),
  }),
})

export type WebhookOutcome =
  /** No RESEND_WEBHOOK_SECRET: the endpoint does not exist. */
  | { ok: false; reason: 'not_configured' }
  /** Unsigned, forged, or outside the timestamp tolerance. */
  | { ok: false; reason: 'signature' }
  /** Signed but not an event this understands. */
  | { ok: false; reason: 'malformed' }
  /** Another event for the same message was being written at the same moment: the provider retries this one. */
  | { ok: false; reason: 'busy' }
  /** Applied, or (a replay, an event about something else) knowingly not. */
  | { ok: true; applied: boolean }

const validDate = (value: string | undefined, fallback: Date) => {
  const date = value ? new Date(value) : fallback
  return Number.isNaN(date.getTime()) ? fallback : date
}

/** Checks the signature and applies the event once. `headers`: the request's webhook-id/-timestamp/-signature (or svix-*). */
export async function applyDeliveryWebhook(payload: string, headers: Headers, now = new Date()): Promise<WebhookOutcome> {
  const secret = env().email.webhookSecret
  const client = resend()
  if (!secret || !client) return { ok: false, reason: 'not_configured' }
  const id = headers.get('svix-id') ?? headers.get('webhook-id')
  const timestamp = headers.get('svix-timestamp') ?? headers.get('webhook-timestamp')
  const signature = headers.get('svix-signature') ?? headers.get('webhook-signature')
  if (!id || !timestamp || !signature || id.length > 100) return { ok: false, reason: 'signature' }
  let verified: unknown
  try {
    verified = client.webhooks.verify({ payload, headers: { id, timestamp, signature }, webhookSecret: secret })
  } catch {
    return { ok: false, reason: 'signature' }
  }
  // Events of other kinds (contacts, domains, opens, clicks) are acknowledged and left alone, before their shape is read.
  const status = STATUS_OF_EVENT[z.object({ type: z.string() }).safeParse(verified).data?.type ?? '']
  if (!status) return { ok: true, applied: false }
  const event = emailEvent.safeParse(verified)
  if (!event.success) return { ok: false, reason: 'malformed' }
  const tags = event.data.data.tags ?? {}
  const kind = DELIVERY_KINDS.find((known) => known === tags.kind)
  // Events about mail this portal did not tag are not delivery news for us.
  if (!kind) return { ok: true, applied: false }
  const ref = tagValue.safeParse(tags.ref).data ?? null
  const taggedUser = tagValue.safeParse(tags.user).data ?? null
  const at = validDate(event.data.created_at, now)
  const detail = event.data.data.bounce ? [event.data.data.bounce.type, event.data.data.bounce.subType].filter(Boolean).join(' / ') || null : null
  try {
    const applied = await db().$transaction(async (tx) => {
      if (await tx.emailWebhookEvent.findUnique({ where: { id }, select: { id: true } })) return false
      await tx.emailWebhookEvent.create({ data: { id, receivedAt: now }, select: { id: true } })
      const emailId = event.data.data.email_id
      const known = await tx.emailDelivery.findUnique({ where: { id: emailId }, select: { status: true, userId: true } })
      let userId = known?.userId ?? null
      if (!known) {
        // A tag names an account only if it still exists (a deleted one takes its delivery rows with it).
        userId = taggedUser ? ((await tx.user.findUnique({ where: { id: taggedUser }, select: { id: true } }))?.id ?? null) : null
        await tx.emailDelivery.create({
          data: { id: emailId, kind, ref, userId, status, detail, sentAt: validDate(event.data.data.created_at, at), updatedAt: at },
          select: { id: true },
        })
      } else {
        const lower = DELIVERY_STATUSES.filter((candidate) => RANK[candidate] < RANK[status])
        const moved = await tx.emailDelivery.updateMany({ where: { id: emailId, status: { in: lower } }, data: { status, detail, updatedAt: at } })
        if (moved.count === 0) return true
      }
      if (userId && (undelivered(status) || status === 'complained')) {
        await recordEvent(
          {
            type: 'email_failed',
            result: 'failure',
            userId,
            method: 'email',
            reason: status === 'complained' ? 'email_complained' : 'email_bounced',
            detail: { kind },
          },
          now,
          tx,
        )
      }
      return true
    })
    if (applied) metrics().emailEvents.inc({ status })
    return { ok: true, applied }
  } catch (error) {
    // Two events for one new message at once: the second create collides; the provider retries it.
    if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: 'busy' }
    throw error
  }
}
