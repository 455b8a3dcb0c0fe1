import 'server-only'
import type { SeedEvent } from './support-history'

/**
 * What the email provider reported about the demo organisation's sign-in
 * emails, so the dashboard's email delivery tells its story from the first
 * press: most delivered, a few held up, fewer bounced. Decided by each
 * email's place in the history, not the seed's random numbers, so the rest
 * of the story stays as it was.
 */
export function demoEmailDeliveries(history: SeedEvent[]): { id: string; kind: 'sign_in'; userId: string; status: string; sentAt: Date; updatedAt: Date }[] {
  return history
    .filter((event) => event.type === 'sign_in_requested' && event.userId)
    .map((event, index) => ({
      id: `demo-email-${index + 1}`,
      kind: 'sign_in' as const,
      userId: event.userId!,
      status: index % 61 === 7 ? 'bounced' : index % 23 === 3 ? 'delayed' : 'delivered',
      sentAt: event.createdAt,
      updatedAt: new Date(event.createdAt.getTime() + 4_000),
    }))
}
