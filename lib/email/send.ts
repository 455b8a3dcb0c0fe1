import 'server-only'
import { randomUUID } from 'node:crypto'
import { Resend } from 'resend'
import { db } from '../db'
import { asciiDomainAddress } from './address'
import { env } from '../env'
import type { RenderedEmail } from './render'

export type SentEmail = { id: string; transport: 'resend' | 'mailbox' }

export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message)
    this.name = 'EmailDeliveryError'
  }
}

let resendClient: Resend | undefined

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

async function sendThroughResend(client: Resend, from: string, to: string, email: RenderedEmail): Promise<SentEmail> {
  const started = Date.now()
  const idempotencyKey = randomUUID()
  for (let attempt = 0; ; attempt++) {
    const remaining = SEND_DEADLINE_MS - (Date.now() - started)
    const timeout = AbortSignal.timeout(Math.max(Math.min(ATTEMPT_TIMEOUT_MS, remaining), 1))
    let result: Awaited<ReturnType<Resend['emails']['send']>>
    try {
      result = await client.emails.send(
        { from, to: asciiDomainAddress(to), subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey, signal: timeout },
      )
    } catch (error) {
      throw new EmailDeliveryError(`Email provider unreachable: ${(error as Error).message}`, null)
    }
    if (!result.error && result.data) return { id: result.data.id, transport: 'resend' }
    const statusCode = result.error && 'statusCode' in result.error ? (result.error.statusCode as number | null) : null
    if (timeout.aborted) throw new EmailDeliveryError(`Email provider did not answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`, null)
    const delay = RETRY_DELAYS_MS[attempt]
    if (!transient(statusCode) || delay === undefined || Date.now() - started + delay >= SEND_DEADLINE_MS) {
      throw new EmailDeliveryError(`Email provider refused the message: ${result.error?.message ?? 'no id returned'}`, statusCode)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/**
 * Sends one email. With RESEND_API_KEY it goes through Resend (whose SDK also
 * honours RESEND_BASE_URL); otherwise, in development, tests and demo mode,
 * it is stored in the dev mailbox (/dev/mailbox). Throws EmailDeliveryError
 * when the provider refuses, fails or cannot be reached in time.
 */
export async function sendEmail(to: string, email: RenderedEmail): Promise<SentEmail> {
  const { email: config } = env()
  if (config.resendApiKey) {
    resendClient ??= new Resend(config.resendApiKey)
    return sendThroughResend(resendClient, config.from, to, email)
  }
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
