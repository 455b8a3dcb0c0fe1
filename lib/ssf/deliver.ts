import 'server-only'
import { db } from '../db'
import { errorFields, log } from '../ops/log'
import { isShuttingDown } from '../ops/shutdown'
import type { QueuedEvent } from './queue'
import { signSecurityEvent, type VerificationPayload } from './set'

/**
 * Push delivery (RFC 8935) of the queued security events: each stream's
 * events in the order they were written, one instance at a time per stream
 * (a claim of one statement, released only by its holder), each one deleted
 * only once the app accepted it (2xx). A push that fails holds the whole
 * stream until its retry, so no later event overtakes it: per stream, and
 * so per subject, in order. The same row is pushed again with the same jti,
 * which the app uses to drop a copy it may already hold (RFC 8935 §2.2); an
 * app's refusal of one event as malformed (400 invalid_request, §2.3) drops
 * that event and goes on. Streams are delivered side by side, so one slow
 * app holds up only itself.
 */

/** Seconds before each retry after failures in a row; the last repeats. */
const RETRY_AFTER_SECONDS = [2, 10, 60, 300, 1_800]
const CLAIM_MS = 60_000
const PUSH_TIMEOUT_MS = 5_000
/** Of an app's answer, only this much is read: what it says is its business, how much it says is ours. */
const MAX_ANSWER_BYTES = 4_096

type Outcome = { ok: true } | { ok: false; drop: boolean; error: string }

/** The start of an answer's body, never more than MAX_ANSWER_BYTES, the rest left unread. */
async function answerStart(answer: Response): Promise<string> {
  const reader = answer.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8')
}

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
    const text = await answerStart(answer)
    if (answer.status >= 200 && answer.status < 300) return { ok: true }
    let code: string | null = null
    try {
      const err = (JSON.parse(text) as { err?: unknown }).err
      code = typeof err === 'string' ? err.replace(/[^a-z_]/g, '').slice(0, 40) || null : null
    } catch {
      code = null
    }
    // Only a malformed event is dropped; a receiver's own trouble (its keys, its issuer list) is retried.
    return { ok: false, drop: answer.status === 400 && code === 'invalid_request', error: code ? `HTTP ${answer.status} (${code})` : `HTTP ${answer.status}` }
  } catch (error) {
    return { ok: false, drop: false, error: error instanceof Error && error.name === 'TimeoutError' ? 'no answer in 5 s' : 'could not connect' }
  }
}

type Claimed = { id: string; clientId: string; endpointUrl: string; failures: number; claimedUntil: Date | null }

/** Delivers one claimed stream's events, oldest first, while the claim lasts; stops at the first push to retry. */
async function deliverStream(stream: Claimed, batch: number): Promise<number> {
  const holdEnds = stream.claimedUntil!.getTime() - PUSH_TIMEOUT_MS
  const events = await db().ssfEvent.findMany({
    where: { streamId: stream.id },
    orderBy: { id: 'asc' },
    take: batch,
    select: { id: true, jti: true, payload: true },
  })
  let taken = 0
  for (const event of events) {
    if (isShuttingDown() || Date.now() >= holdEnds) break
    let outcome: Outcome
    try {
      const token = await signSecurityEvent({
        jti: event.jti,
        audience: stream.clientId,
        payload: JSON.parse(event.payload) as QueuedEvent | VerificationPayload,
      })
      outcome = await push(stream.endpointUrl, token)
    } catch (error) {
      log().error(errorFields(error), 'A security event could not be signed')
      outcome = { ok: false, drop: false, error: 'could not be signed' }
    }
    if (outcome.ok || outcome.drop) {
      await db().ssfEvent.deleteMany({ where: { id: event.id } })
      await db().ssfStream.updateMany({
        where: { id: stream.id },
        data: outcome.ok ? { lastDeliveredAt: new Date(), failures: 0, lastError: null, retryAt: null } : { lastError: outcome.error },
      })
      if (outcome.ok) taken += 1
      else log().warn({ streamId: stream.id, error: outcome.error }, 'An app refused a security event as malformed; it was dropped')
      continue
    }
    const wait = RETRY_AFTER_SECONDS[Math.min(stream.failures, RETRY_AFTER_SECONDS.length - 1)]!
    await db().ssfStream.updateMany({
      where: { id: stream.id },
      data: { failures: { increment: 1 }, lastError: outcome.error, retryAt: new Date(Date.now() + wait * 1000) },
    })
    log().warn({ streamId: stream.id, error: outcome.error, retryInSeconds: wait }, 'A security event could not be pushed; it will be retried')
    break
  }
  return taken
}

/** Claims a stream for this instance until a moment of its own, which is also what releases it (only by its holder). */
async function claim(id: string, now: Date): Promise<Claimed | null> {
  const until = new Date(now.getTime() + CLAIM_MS)
  const [claimed] = await db().ssfStream.updateManyAndReturn({
    where: { id, status: 'enabled', OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
    data: { claimedUntil: until },
    select: { id: true, clientId: true, endpointUrl: true, failures: true, claimedUntil: true },
  })
  return claimed ?? null
}

/** The background work's part (every two seconds): the enabled streams of apps that are on, with events due. */
export async function deliverSecurityEvents(now = new Date(), batch = 50): Promise<number> {
  const streams = await db().ssfStream.findMany({
    where: {
      status: 'enabled',
      app: { disabledAt: null },
      AND: [{ OR: [{ retryAt: null }, { retryAt: { lte: now } }] }, { OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] }],
      events: { some: {} },
    },
    select: { id: true },
    take: 50,
  })
  const counts = await Promise.all(
    streams.map(async ({ id }) => {
      const claimed = await claim(id, now)
      if (!claimed) return 0
      try {
        return await deliverStream(claimed, batch)
      } catch (error) {
        log().warn(errorFields(error), 'Security events could not be delivered; the next run continues')
        return 0
      } finally {
        await db().ssfStream.updateMany({ where: { id, claimedUntil: claimed.claimedUntil }, data: { claimedUntil: null } })
      }
    }),
  )
  return counts.reduce((sum, count) => sum + count, 0)
}
