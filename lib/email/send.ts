import 'server-only'
import { randomUUID } from 'node:crypto'
import { Resend } from 'resend'
import { db } from '../db'
import { asciiDomainAddress } from './address'
import { env } from '../env'
import { metrics } from '../ops/metrics'
import type { RenderedEmail } from './render'
import { providerTags, type DeliveryTag } from './delivery-tags'

export type SentEmail = { id: string; transport: 'resend' | 'mailbox' }

/** Why a send failed, for the metrics: no answer in time, a refusal, no connection, or the circuit was open. */
export type EmailFailureCause = 'timeout' | 'refused' | 'unreachable' | 'circuit_open'

export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly failure: EmailFailureCause = statusCode === null ? 'unreachable' : 'refused',
  ) {
    super(message)
    this.name = 'EmailDeliveryError'
  }
}

let resendClient: Resend | undefined

/** The Resend SDK's client, with RESEND_API_KEY; null where email stays in the dev mailbox. */
export function resend(): Resend | null {
  const { resendApiKey } = env().email
  if (!resendApiKey) return null
  return (resendClient ??= new Resend(resendApiKey))
}

/**
 * A provider that hangs must not hold a sign-in: each attempt gets
 * ATTEMPT_TIMEOUT_MS, and a send as a whole gives up after SEND_DEADLINE_MS.
 * Transient failures (no answer, 429, 5xx) are retried at most twice with a
 * short backoff; a timeout is not retried (the provider is not answering),
 * and 4xx refusals are final. One idempotency key for all attempts, so a
 * retry after a lost answer never sends the email twice.
 */
const ATTEMPT_TIMEOUT_MS = 4_000
const SEND_DEADLINE_MS = 8_000
const RETRY_DELAYS_MS = [250, 1_000]

const transient = (statusCode: number | null) => statusCode === null || statusCode === 429 || statusCode >= 500

/** How a message is sent: the key that makes a retried send arrive once, and the tags its delivery events come back with. */
export type SendOptions = { idempotencyKey?: string; tag?: DeliveryTag }

async function sendThroughResend(client: Resend, from: string, to: string, email: RenderedEmail, options: SendOptions): Promise<SentEmail> {
  const idempotencyKey = options.idempotencyKey ?? randomUUID()
  const tags = options.tag ? providerTags(options.tag) : undefined
  const started = Date.now()
  for (let attempt = 0; ; attempt++) {
    const remaining = SEND_DEADLINE_MS - (Date.now() - started)
    const timeout = AbortSignal.timeout(Math.max(Math.min(ATTEMPT_TIMEOUT_MS, remaining), 1))
    let result: Awaited<ReturnType<Resend['emails']['send']>>
    try {
      result = await client.emails.send(
        { from, to: asciiDomainAddress(to), subject: email.subject, html: email.html, text: email.text, tags },
        { idempotencyKey, signal: timeout },
      )
    } catch (error) {
      throw new EmailDeliveryError(`Email provider unreachable: ${(error as Error).message}`, null, 'unreachable')
    }
    if (!result.error && result.data) return { id: result.data.id, transport: 'resend' }
    const statusCode = result.error && 'statusCode' in result.error ? (result.error.statusCode as number | null) : null
    if (timeout.aborted) throw new EmailDeliveryError(`Email provider did not answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`, null, 'timeout')
    const delay = RETRY_DELAYS_MS[attempt]
    if (!transient(statusCode) || delay === undefined || Date.now() - started + delay >= SEND_DEADLINE_MS) {
      throw new EmailDeliveryError(`Email provider refused the message: ${result.error?.message ?? 'no id returned'}`, statusCode)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/**
 * After CIRCUIT_FAILURES sends in a row have failed for a transient reason
 * (no answer, 429, 5xx), the provider is taken as down: for CIRCUIT_OPEN_MS
 * every send fails at once with the same retry message, instead of holding
 * each person for the full timeout. The first send after that is a trial; its
 * success closes the circuit, its failure opens it again. Per process: each
 * instance learns about the provider from its own sends.
 */
const CIRCUIT_FAILURES = 5
const CIRCUIT_OPEN_MS = 30_000

type Circuit = { failuresInARow: number; openUntil: number }
const circuitKey = Symbol.for('passkey-portal.email-circuit')
const circuitHolder = globalThis as unknown as Record<typeof circuitKey, Circuit | undefined>
const circuit = (): Circuit => (circuitHolder[circuitKey] ??= { failuresInARow: 0, openUntil: 0 })

async function throughCircuit(send: () => Promise<SentEmail>, now = Date.now()): Promise<SentEmail> {
  const state = circuit()
  if (state.openUntil > now) throw new EmailDeliveryError('Email provider is taken as down after repeated failures; not trying', null, 'circuit_open')
  try {
    const sent = await send()
    state.failuresInARow = 0
    return sent
  } catch (error) {
    if (error instanceof EmailDeliveryError && transient(error.statusCode)) {
      state.failuresInARow += 1
      if (state.failuresInARow >= CIRCUIT_FAILURES) state.openUntil = Date.now() + CIRCUIT_OPEN_MS
    }
    throw error
  }
}

/** For tests: closes the circuit. */
export function resetEmailCircuit(): void {
  circuitHolder[circuitKey] = { failuresInARow: 0, openUntil: 0 }
}

/**
 * Sends one email and counts it (portal_email_sent_total, portal_email_failed_total by cause).
 * `idempotencyKey`: the same key on a later send (an outbox retry) makes the provider send it once.
 */
export async function sendEmail(to: string, email: RenderedEmail, options: SendOptions = {}): Promise<SentEmail> {
  try {
    const sent = await deliver(to, email, options)
    metrics().emailSent.inc({ transport: sent.transport })
    return sent
  } catch (error) {
    metrics().emailFailed.inc({ cause: error instanceof EmailDeliveryError ? error.failure : 'unreachable' })
    throw error
  }
}

/**
 * Sends one email. With RESEND_API_KEY it goes through Resend (whose SDK also
 * honours RESEND_BASE_URL); otherwise, in development, tests and demo mode,
 * it is stored in the dev mailbox (/dev/mailbox). Throws EmailDeliveryError
 * when the provider refuses, fails or cannot be reached in time.
 */
async function deliver(to: string, email: RenderedEmail, options: SendOptions): Promise<SentEmail> {
  const { email: config } = env()
  const client = resend()
  if (client) return throughCircuit(() => sendThroughResend(client, config.from, to, email, options))
  if (!config.mailboxEnabled) {
    // env() refuses to start a production server without a provider, so this is a misconfiguration.
    throw new EmailDeliveryError('No email transport is configured.', null)
  }
  const stored = await db().mailboxMessage.create({
    data: { to, from: config.from, subject: email.subject, html: email.html, text: email.text },
    select: { id: true },
  })
  return { id: stored.id, transport: 'mailbox' }
}
