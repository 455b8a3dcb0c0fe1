import 'server-only'
import { Resend } from 'resend'
import { db } from '../db'
import { asciiDomainAddress } from '../auth/email-address'
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
 * Sends one email. With RESEND_API_KEY it goes through Resend (whose SDK also
 * honours RESEND_BASE_URL); otherwise, in development, tests and demo mode,
 * it is stored in the dev mailbox (/dev/mailbox). Throws EmailDeliveryError
 * when the provider refuses or cannot be reached.
 */
export async function sendEmail(to: string, email: RenderedEmail): Promise<SentEmail> {
  const { email: config } = env()
  if (config.resendApiKey) {
    resendClient ??= new Resend(config.resendApiKey)
    let result: Awaited<ReturnType<Resend['emails']['send']>>
    try {
      result = await resendClient.emails.send({ from: config.from, to: asciiDomainAddress(to), subject: email.subject, html: email.html, text: email.text })
    } catch (error) {
      throw new EmailDeliveryError(`Email provider unreachable: ${(error as Error).message}`, null)
    }
    if (result.error || !result.data) {
      const statusCode = result.error && 'statusCode' in result.error ? (result.error.statusCode as number | null) : null
      throw new EmailDeliveryError(`Email provider refused the message: ${result.error?.message ?? 'no id returned'}`, statusCode)
    }
    return { id: result.data.id, transport: 'resend' }
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
