import 'server-only'
import { db } from '../db'
import { errorFields, log } from '../ops/log'
import type { QueuedEvent } from './queue'
import { signSecurityEvent, type VerificationPayload } from './set'

/**
 * Push delivery (RFC 8935) of the queued security events: each stream's
 * events in the order they were written, one instance at a time per stream
 * (a claim of one statement), each one deleted only once the app accepted it
 * (202). A push that fails holds the whole stream until its retry, so no
 * later event overtakes it: per stream, and so per subject, in order. The
 * same row is pushed again with the same jti, which the app uses to drop a
 * copy it may already hold (RFC 8935 §2.2); a clean refusal of one event
 * (400 with an error code, §2.3) drops that event and goes on.
 */

/** Seconds before each retry after failures in a row; the last repeats. */
const RETRY_AFTER_SECONDS = [2, 10, 60, 300, 1_800]
const CLAIM_MS = 30_000
const PUSH_TIMEOUT_MS = 5_000

type Outcome = { ok: true } | { ok: false; drop: boolean; error: string }

async function push(endpointUrl: string, token: string): Promise<Outcome> {
  try {
    const answer = await fetch(endpointUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/secevent+jwt', Accept: 'application/json' },
      body: token,
      // Never on to another address: the endpoint was checked against the app's registered origins (./streams.ts).
      redirect: 'manual',
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    })
    if (answer.status >= 200 && answer.status < 300) return { ok: true }
    const body = (await answer.json().catch(() => null)) as { err?: unknown } | null
    const code = typeof body?.err === 'string' ? body.err.replace(/[^a-z_]/g, '').slice(0, 40) : null
    return { ok: false, drop: answer.status === 400 && code !== null, error: code ? `HTTP ${answer.status} (${code})` : `HTTP ${answer.status}` }
  } catch (error) {
    return { ok: false, drop: false, error: error instanceof Error && error.name === 'TimeoutError' ? 'no answer in 5 s' : 'could not connect' }
  }
}

/** Delivers one claimed stream's due events, oldest first; stops at the first push to retry. Returns how many were taken. */
async function deliverStream(stream: { id: string; clientId: string; endpointUrl: string; failures: number }, batch: number): Promise<number> {
  const events = await db().ssfEvent.findMany({
    where: { streamId: stream.id },
    orderBy: { id: 'asc' },
    take: batch,
    select: { id: true, jti: true, payload: true },
  })
  let taken = 0
  for (const event of events) {
    const token = await signSecurityEvent({
      jti: event.jti,
      audience: stream.clientId,
      payload: JSON.parse(event.payload) as QueuedEvent | VerificationPayload,
    })
    const outcome = await push(stream.endpointUrl, token)
    if (outcome.ok || outcome.drop) {
      await db().ssfEvent.delete({ where: { id: event.id } })
      await db().ssfStream.update({
        where: { id: stream.id },
        data: outcome.ok ? { lastDeliveredAt: new Date(), failures: 0, lastError: null, retryAt: null } : { lastError: outcome.error },
      })
      if (outcome.ok) taken += 1
      else log().warn({ streamId: stream.id, error: outcome.error }, 'An app refused a security event; it was dropped')
      continue
    }
    const wait = RETRY_AFTER_SECONDS[Math.min(stream.failures, RETRY_AFTER_SECONDS.length - 1)]!
    await db().ssfStream.update({
      where: { id: stream.id },
      data: { failures: { increment: 1 }, lastError: outcome.error, retryAt: new Date(Date.now() + wait * 1000) },
    })
    log().warn({ streamId: stream.id, error: outcome.error, retryInSeconds: wait }, 'A security event could not be pushed; it will be retried')
    break
  }
  return taken
}

/** The background work's part (every two seconds): the enabled streams with events due, each delivered by one instance. */
export async function deliverSecurityEvents(now = new Date(), batch = 50): Promise<number> {
  const streams = await db().ssfStream.findMany({
    where: { status: 'enabled', OR: [{ retryAt: null }, { retryAt: { lte: now } }], events: { some: {} } },
    select: { id: true },
    take: 20,
  })
  let delivered = 0
  for (const { id } of streams) {
    const [claimed] = await db().ssfStream.updateManyAndReturn({
      where: { id, status: 'enabled', OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
      data: { claimedUntil: new Date(now.getTime() + CLAIM_MS) },
      select: { id: true, clientId: true, endpointUrl: true, failures: true },
    })
    if (!claimed) continue
    try {
      delivered += await deliverStream(claimed, batch)
    } catch (error) {
      log().warn(errorFields(error), 'Security events could not be delivered; the next run continues')
    } finally {
      await db().ssfStream.updateMany({ where: { id }, data: { claimedUntil: null } })
    }
  }
  return delivered
}
