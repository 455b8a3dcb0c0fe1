import { webhookRoute } from '@/lib/actions/webhook-route'
import { applyDeliveryWebhook } from '@/lib/email/delivery-status'

/**
 * Resend's delivery events (email.sent, .delivered, .delivery_delayed,
 * .bounced, .complained, .failed, .suppressed). 401 for a missing or wrong
 * signature, 404 where no RESEND_WEBHOOK_SECRET is configured, 409 to have
 * a colliding event retried, 200 once applied or knowingly ignored.
 */
export const POST = webhookRoute(async (body, headers) => {
  const outcome = await applyDeliveryWebhook(body, headers)
  if (outcome.ok) return { status: 200 }
  switch (outcome.reason) {
    case 'not_configured':
      return { status: 404 }
    case 'signature':
      return { status: 401, refused: true }
    case 'malformed':
      return { status: 422 }
    case 'busy':
      return { status: 409 }
  }
})
