import { randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody, reply } from './loopback-http'
import { emailEvent, signWebhook } from './webhook-signing'

/**
 * A loopback stand-in for Resend's HTTP API, enough for the real `resend` SDK
 * (pointed here with RESEND_BASE_URL): it accepts POST /emails and keeps what
 * was sent. Tests read messages with GET /__captured and can make the next
 * sends fail (or hang, never answering) with POST /__fail. With a webhook
 * (`webhook` option, or RESEND_WEBHOOK_URL and RESEND_WEBHOOK_SECRET when run
 * as a program), POST /__event { to, type } reports the newest message to
 * `to` as Resend would: a signed email.* event posted to the portal.
 */
export type CapturedEmail = {
  id: string
  from: string
  to: string[]
  subject: string
  html: string
  text: string
  receivedAt: string
  authorization: string | null
  idempotencyKey: string | null
  /** The message's tags, as its delivery events carry them back. */
  tags: Record<string, string>
}

/** An HTTP status to answer with, or 'hang': keep the request open without an answer. */
export type PlannedFailure = number | 'hang'

export type ResendServer = {
  url: string
  captured: CapturedEmail[]
  /** Fails the next `count` sends (to `to` only, when given) with `status`. */
  failNext: (status: PlannedFailure, count?: number, to?: string) => void
  /** Every POST /emails, failed or not, in order. */
  attempts: { to: string[]; idempotencyKey: string | null; outcome: PlannedFailure | 'sent' }[]
  close: () => Promise<void>
}

export type WebhookTarget = { url: string; secret: string }

/** Posts a signed email.* event about `email` to the portal; answers with the portal's status. */
async function reportEvent(target: WebhookTarget, email: CapturedEmail, type: string): Promise<number> {
  const signed = signWebhook(target.secret, emailEvent(type, email))
  const response = await fetch(target.url, { method: 'POST', headers: signed.headers, body: signed.body })
  return response.status
}

export async function startResendServer(port = 0, webhook: WebhookTarget | null = null): Promise<ResendServer> {
  const captured: CapturedEmail[] = []
  // Planned failures by recipient ('*' = any), so parallel tests don't fail each other's email.
  const failures = new Map<string, { status: PlannedFailure; remaining: number }>()
  const attempts: ResendServer['attempts'] = []
  const hanging = new Set<ServerResponse>()
  const takeFailure = (recipients: string[]) => {
    for (const key of [...recipients, '*']) {
      const planned = failures.get(key)
      if (planned && planned.remaining > 0) {
        planned.remaining -= 1
        return planned.status
      }
    }
    return null
  }

  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://loopback')
      if (request.method === 'POST' && url.pathname === '/emails') {
        const authorization = request.headers.authorization ?? null
        if (!authorization?.startsWith('Bearer ')) return reply(response, 401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key' })
        const body = JSON.parse(await readBody(request)) as {
          from: string
          to: string | string[]
          subject: string
          html?: string
          text?: string
          tags?: { name: string; value: string }[]
        }
        const recipients = Array.isArray(body.to) ? body.to : [body.to]
        const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
        const failure = takeFailure(recipients)
        attempts.push({ to: recipients, idempotencyKey, outcome: failure ?? 'sent' })
        if (failure === 'hang') return void hanging.add(response)
        if (failure) return reply(response, failure, { statusCode: failure, name: 'application_error', message: 'Simulated failure' })
        const email: CapturedEmail = {
          id: randomUUID(),
          from: body.from,
          to: recipients,
          subject: body.subject,
          html: body.html ?? '',
          text: body.text ?? '',
          receivedAt: new Date().toISOString(),
          authorization,
          idempotencyKey,
          tags: Object.fromEntries((body.tags ?? []).map((tag) => [tag.name, tag.value])),
        }
        captured.push(email)
        return reply(response, 200, { id: email.id })
      }
      if (request.method === 'GET' && url.pathname === '/__captured') {
        const to = url.searchParams.get('to')
        return reply(response, 200, to ? captured.filter((email) => email.to.includes(to)) : captured)
      }
      if (request.method === 'POST' && url.pathname === '/__event') {
        const { to, type } = JSON.parse(await readBody(request)) as { to: string; type: string }
        const email = captured.findLast((each) => each.to.includes(to))
        if (!webhook || !email) return reply(response, 404, { statusCode: 404, name: 'not_found', message: 'No webhook or no message to that address' })
        return reply(response, 200, { status: await reportEvent(webhook, email, type) })
      }
      if (request.method === 'POST' && url.pathname === '/__fail') {
        const { status, count, to } = JSON.parse(await readBody(request)) as { status: PlannedFailure; count?: number; to?: string }
        failures.set(to ?? '*', { status, remaining: count ?? 1 })
        return reply(response, 200, { ok: true })
      }
      reply(response, 404, { statusCode: 404, name: 'not_found', message: 'Not found' })
    } catch {
      reply(response, 400, { statusCode: 400, name: 'validation_error', message: 'Bad request' })
    }
  })

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    captured,
    attempts,
    failNext(status, count = 1, to) {
      failures.set(to ?? '*', { status, remaining: count })
    },
    close: () => {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

// Run as a program (the end-to-end suite starts it next to the app): tsx e2e/support/resend-server.ts 3125
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 3125)
  const { RESEND_WEBHOOK_URL: url, RESEND_WEBHOOK_SECRET: secret } = process.env
  startResendServer(port, url && secret ? { url, secret } : null).then((server) => console.log(`Resend loopback server on ${server.url}`))
}
