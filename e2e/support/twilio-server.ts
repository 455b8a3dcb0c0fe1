import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody, reply } from './loopback-http'
import { randomBytes } from 'node:crypto'

/**
 * A loopback stand-in for Twilio's Messages API, enough for the real `twilio`
 * SDK (pointed here with TWILIO_BASE_URL): it accepts
 * POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP Basic credentials,
 * keeps what was sent, and answers as Twilio does. Tests read texts with
 * GET /__captured?to=+44… and can make the next sends to a number fail with
 * POST /__fail { status, to }.
 */
export type CapturedText = {
  sid: string
  to: string
  from: string | null
  messagingServiceSid: string | null
  body: string
  account: string
  receivedAt: string
}

export type TwilioServer = { url: string; captured: CapturedText[]; close: () => Promise<void> }

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/

export async function startTwilioServer(port = 0, credentials?: { accountSid: string; authToken: string }): Promise<TwilioServer> {
  const captured: CapturedText[] = []
  const failures = new Map<string, { status: number; remaining: number }>()
  const expected = credentials ? `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}` : null

  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://loopback')
      const messages = MESSAGES.exec(url.pathname)
      if (request.method === 'POST' && messages) {
        const authorization = request.headers.authorization ?? ''
        if (!authorization.startsWith('Basic ') || (expected && authorization !== expected)) {
          return reply(response, 401, { code: 20003, message: 'Authenticate', status: 401 })
        }
        const form = new URLSearchParams(await readBody(request))
        const to = form.get('To') ?? ''
        const body = form.get('Body') ?? ''
        if (!/^\+[1-9]\d{6,14}$/.test(to) || !body) return reply(response, 400, { code: 21211, message: "Invalid 'To' Phone Number", status: 400 })
        const planned = failures.get(to) ?? failures.get('*')
        if (planned && planned.remaining > 0) {
          planned.remaining -= 1
          return reply(response, planned.status, { code: 30001, message: 'Simulated failure', status: planned.status })
        }
        const text: CapturedText = {
          sid: `SM${randomBytes(16).toString('hex')}`,
          to,
          from: form.get('From'),
          messagingServiceSid: form.get('MessagingServiceSid'),
          body,
          account: messages[1]!,
          receivedAt: new Date().toISOString(),
        }
        captured.push(text)
        return reply(response, 201, {
          sid: text.sid,
          account_sid: text.account,
          to,
          from: text.from,
          messaging_service_sid: text.messagingServiceSid,
          body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${text.account}/Messages/${text.sid}.json`,
        })
      }
      if (request.method === 'GET' && url.pathname === '/__captured') {
        const to = url.searchParams.get('to')
        return reply(response, 200, to ? captured.filter((text) => text.to === to) : captured)
      }
      if (request.method === 'POST' && url.pathname === '/__fail') {
        const { status, count, to } = JSON.parse(await readBody(request)) as { status: number; count?: number; to?: string }
        failures.set(to ?? '*', { status, remaining: count ?? 1 })
        return reply(response, 200, { ok: true })
      }
      reply(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 })
    } catch {
      reply(response, 400, { code: 21200, message: 'Bad request', status: 400 })
    }
  })

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    captured,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

// Run as a program (the end-to-end suite starts it next to the app): tsx e2e/support/twilio-server.ts 3126
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 3126)
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = process.env
  startTwilioServer(port, accountSid && authToken ? { accountSid, authToken } : undefined).then((server) =>
    console.log(`Twilio loopback server on ${server.url}`),
  )
}
