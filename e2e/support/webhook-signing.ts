import { createHmac, randomUUID } from 'node:crypto'

/**
 * Signs a webhook the way Resend does (Standard Webhooks, through Svix): the
 * HMAC-SHA256 of "id.timestamp.body" under the base64 key after "whsec_",
 * sent as "v1,<base64>". Written here from the specification, not with the
 * SDK the portal verifies with, so the two sides are checked against each other.
 */
export type SignedWebhook = { body: string; headers: Record<string, string> }

export function signWebhook(secret: string, body: string, options: { id?: string; timestamp?: number } = {}): SignedWebhook {
  const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { body, headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': `v1,${signature}` } }
}

/** An email.* event about one sent message, as Resend posts it. */
export function emailEvent(type: string, email: { id: string; to: string[]; subject: string; tags: Record<string, string> }, at = new Date()): string {
  const data: Record<string, unknown> = {
    email_id: email.id,
    created_at: at.toISOString(),
    from: 'Passkey Portal <login@portal.test>',
    to: email.to,
    subject: email.subject,
    tags: email.tags,
  }
  if (type === 'email.bounced') data.bounce = { message: 'The recipient mailbox does not exist.', subType: 'General', type: 'Permanent' }
  return JSON.stringify({ type, created_at: at.toISOString(), data })
}

/** A webhook secret of the shape Resend shows. */
export const E2E_WEBHOOK_SECRET = `whsec_${Buffer.from('e2e-webhook-signing-key-for-the-loopback').toString('base64')}`
