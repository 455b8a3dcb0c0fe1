import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback stand-in for Resend's HTTP API, enough for the real `resend` SDK
 * (pointed here with RESEND_BASE_URL): it accepts POST /emails and keeps what
 * was sent. Tests read messages with GET /__captured and can make the next
 * sends fail (or hang, never answering) with POST /__fail.
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

const MAX_BODY = 1_000_000

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

export async function startResendServer(port = 0): Promise<ResendServer> {
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
        const body = JSON.parse(await readBody(request)) as { from: string; to: string | string[]; subject: string; html?: string; text?: string }
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
        }
        captured.push(email)
        return reply(response, 200, { id: email.id })
      }
      if (request.method === 'GET' && url.pathname === '/__captured') {
        const to = url.searchParams.get('to')
        return reply(response, 200, to ? captured.filter((email) => email.to.includes(to)) : captured)
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
  startResendServer(port).then((server) => console.log(`Resend loopback server on ${server.url}`))
}
