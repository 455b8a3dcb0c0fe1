import 'server-only'
import { createHash } from 'node:crypto'
import { db } from '../db'
import { env } from '../env'
import { challengeDeliveryRef, type DeliveryKind } from './delivery-tags'
import { undelivered, type DeliveryStatus } from './delivery-status'

/** What the check-email screen says about its email: on its way (null), delivered, delayed, or bounced. */
export type SignInDelivery = 'delivered' | 'delayed' | 'bounced' | null

const pageWord = (status: DeliveryStatus): SignInDelivery =>
  status === 'delivered' || status === 'complained' ? 'delivered' : status === 'delayed' ? 'delayed' : undelivered(status) ? 'bounced' : null

/**
 * Where the sign-in email of this browser's request stands, as the provider
 * reported it. Only under open sign-up, where every address is emailed: under
 * invite-only a status would tell an unproven browser that the address has
 * an account. Where open sign-up still sends nothing (a suspended account,
 * a group without email sign-in), the screen already says "sent" like for
 * any other address; it also says "delivered" after a pause of the length
 * real deliveries take, so a status that never comes reveals no account.
 */
export async function signInDelivery(challenge: { id: string; createdAt: Date; emailed: boolean }, now = new Date()): Promise<SignInDelivery> {
  if (!env().email.webhookSecret || env().signup !== 'open') return null
  const row = await db().emailDelivery.findFirst({ where: { ref: challengeDeliveryRef(challenge.id) }, orderBy: { sentAt: 'desc' }, select: { status: true } })
  if (row) return pageWord(row.status as DeliveryStatus)
  if (challenge.emailed) return null
  return now.getTime() - challenge.createdAt.getTime() >= standInDelayMs(challenge.id) ? 'delivered' : null
}

/** 2 to 8 seconds, fixed per request (a reload does not change it): about what a provider takes to report a delivery. */
function standInDelayMs(challengeId: string): number {
  return 2_000 + (createHash('sha256').update(`delivery-stand-in:${challengeId}`).digest().readUInt16BE(0) % 6_000)
}

export type PersonDelivery = { kind: DeliveryKind; status: DeliveryStatus; detail: string | null; sentAt: Date; updatedAt: Date }

/** A person's last messages and what became of them (the helpdesk's person page). */
export async function personDeliveries(userId: string, take = 5): Promise<PersonDelivery[]> {
  const rows = await db().emailDelivery.findMany({
    where: { userId },
    orderBy: { sentAt: 'desc' },
    take,
    select: { kind: true, status: true, detail: true, sentAt: true, updatedAt: true },
  })
  // Both were checked against their closed lists when the webhook wrote them.
  return rows.map((row) => ({ ...row, kind: row.kind as DeliveryKind, status: row.status as DeliveryStatus }))
}
