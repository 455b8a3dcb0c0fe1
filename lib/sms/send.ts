import 'server-only'
import twilio from 'twilio'
import { env } from '../env'
import { metrics } from '../ops/metrics'

/**
 * Text messages through Twilio's Programmable Messaging API with its own SDK.
 * A provider that hangs must not hold anything up: one attempt of at most
 * SEND_TIMEOUT_MS, no retries inside (a sign-in code is sent after the
 * response, where the caller retries; a second text for one request would
 * only confuse). TWILIO_BASE_URL (tests only, loopback) points the SDK's
 * requests at a stand-in of Twilio's API.
 */

const SEND_TIMEOUT_MS = 5_000

export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message)
    this.name = 'SmsDeliveryError'
  }
}

const TWILIO_API = 'https://api.twilio.com'

/** The SDK's HTTP client, sending to `baseUrl` instead of Twilio's host. */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: SEND_TIMEOUT_MS })
  }

  request<TData>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
    const uri = opts.uri.startsWith(TWILIO_API) ? `${this.baseUrl.replace(/\/$/, '')}${opts.uri.slice(TWILIO_API.length)}` : opts.uri
    return super.request<TData>({ ...opts, uri })
  }
}

type Client = ReturnType<typeof twilio>
let client: { key: string; value: Client } | undefined

function twilioClient(settings: NonNullable<ReturnType<typeof env>['sms']>): Client {
  const key = `${settings.accountSid}:${settings.baseUrl ?? ''}`
  if (client?.key !== key) {
    const httpClient = settings.baseUrl ? new RedirectedRequestClient(settings.baseUrl) : new twilio.RequestClient({ timeout: SEND_TIMEOUT_MS })
    client = { key, value: twilio(settings.accountSid, settings.authToken, { httpClient }) }
  }
  return client.value
}

/** Sends one text to a number in E.164 and counts it (portal_sms_sent_total by outcome). Throws SmsDeliveryError. */
export async function sendText(to: string, body: string): Promise<{ id: string }> {
  const settings = env().sms
  if (!settings) throw new SmsDeliveryError('No SMS provider is configured', null)
  const from = settings.from.startsWith('MG') ? { messagingServiceSid: settings.from } : { from: settings.from }
  try {
    const message = await twilioClient(settings).messages.create({ to, body, ...from })
    metrics().smsSent.inc({ outcome: 'sent' })
    return { id: message.sid }
  } catch (error) {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : null
    metrics().smsSent.inc({ outcome: status === null ? 'unreachable' : 'refused' })
    throw new SmsDeliveryError(`SMS provider ${status === null ? 'unreachable' : 'refused the message'}: ${(error as Error).message}`, status)
  }
}
