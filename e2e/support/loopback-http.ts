import type { IncomingMessage, ServerResponse } from 'node:http'

/** What the loopback stand-ins of the providers' APIs (Resend, Twilio) share: reading a bounded body, answering JSON. */
const MAX_BODY = 1_000_000

export async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}
