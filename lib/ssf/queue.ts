import 'server-only'
import { randomBytes } from 'node:crypto'
import type { db } from '../db'
import type { SsfEvent } from './events'

/**
 * Queues a security event for every stream that asked for its type, whose
 * app the person signed in to since the stream was made (its subjects), and
 * whose app the person's group may still use, in the transaction that made
 * the change: an event is sent if and only if the change happened, and only
 * to apps the person uses. Each row fixes its jti and time, so a retried
 * push is the same event (RFC 8935 §2.2). A paused stream keeps its events
 * for when it resumes; a disabled one gets none.
 */

export type QueueClient = Pick<ReturnType<typeof db>, 'ssfStream' | 'ssfEvent' | 'ssfSubject' | 'user'>

/** The queued row's payload: what ./set.ts signs. */
export type QueuedEvent = SsfEvent & { sub: string; at: number }

export async function queueSecurityEvent(event: SsfEvent, userId: string, client: QueueClient, now = new Date()): Promise<number> {
  const streams = await client.ssfStream.findMany({
    where: { status: { in: ['enabled', 'paused'] }, app: { disabledAt: null }, subjects: { some: { userId } } },
    select: { id: true, eventsRequested: true, app: { select: { allowedGroups: true } } },
  })
  const asking = streams.filter((stream) => (JSON.parse(stream.eventsRequested) as string[]).includes(event.type))
  if (asking.length === 0) return 0
  const person = await client.user.findUnique({ where: { id: userId }, select: { groupId: true } })
  if (!person) return 0
  const open = asking.filter((stream) => {
    const groups = JSON.parse(stream.app.allowedGroups) as string[]
    return groups.length === 0 || groups.includes(person.groupId)
  })
  const payload: QueuedEvent = { ...event, sub: userId, at: Math.floor(now.getTime() / 1000) }
  for (const stream of open) {
    await client.ssfEvent.create({
      data: { jti: randomBytes(16).toString('base64url'), streamId: stream.id, payload: JSON.stringify(payload), createdAt: now },
      select: { id: true },
    })
  }
  return open.length
}

/** A person signed in to an app: from now on its stream (if it has one) carries their events. One statement when it has none. */
export async function addSubject(clientId: string, userId: string, client: QueueClient, now = new Date()): Promise<void> {
  const stream = await client.ssfStream.findUnique({ where: { clientId }, select: { id: true } })
  if (!stream) return
  await client.ssfSubject.upsert({
    where: { streamId_userId: { streamId: stream.id, userId } },
    create: { streamId: stream.id, userId, addedAt: now },
    update: {},
  })
}
