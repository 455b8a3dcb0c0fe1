import 'server-only'
import { countAttempt, limitUsedUp } from '../limits/policies'
import { ssfError } from '../ssf/answers'
import { receiverOf } from '../ssf/receiver-auth'
import { readCappedBody } from '../web/capped-body'
import { getRequestContext, type RequestContext } from '../web/request-context'
import { errorFields, log } from '../ops/log'
import { mark } from './pipeline'

/**
 * A Shared Signals stream management endpoint (SSF 1.0 §8.1, /ssf/*): the
 * same order as every other route, for an app. Guard: the app's client
 * credentials (401 otherwise, refusals counted per network). Limit: per app.
 * Parse: a JSON body of at most 8 KiB (413 past it, 400 if it is not JSON).
 * Then the handler, which calls one use case in lib/ssf/streams.ts. Errors
 * are JSON, as the SSF answers them (§8.1.1).
 */

const MAX_BODY_BYTES = 8 * 1024

export type SsfInput = { url: URL; body: unknown; clientId: string; context: RequestContext }

/** A write that met another one on the same stream (made twice at once, or changed while deleted): said as SSF says it. */
function answerFailure(error: unknown): Response {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'P2002') return ssfError(409, 'conflict', 'This app already has a stream; update or delete it.')
  if (code === 'P2025' || code === 'P2003') return ssfError(404, 'not_found', 'No such stream for this app.')
  log().error(errorFields(error), 'A stream management request failed')
  return ssfError(500, 'server_error', 'The request could not be completed. Try again.')
}

export function ssfRoute(config: { body: boolean }, handler: (input: SsfInput) => Promise<Response>) {
  const route = async (request: Request): Promise<Response> => {
    const context = await getRequestContext()
    const network = { ipAddress: context.ipAddress }
    if (await limitUsedUp('ssf-refused-per-ip', network)) return ssfError(429, 'temporarily_unavailable', 'Too many refused requests from this network.')
    const clientId = await receiverOf(request.headers.get('authorization'))
    if (!clientId) {
      await countAttempt('ssf-refused-per-ip', network)
      return ssfError(401, 'invalid_client', 'Authenticate with the app’s client id and secret (HTTP Basic).', { 'WWW-Authenticate': 'Basic realm="ssf"' })
    }
    const retryAt = await countAttempt('ssf-per-client', { client: clientId })
    if (retryAt) {
      const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))
      return ssfError(429, 'temporarily_unavailable', 'Too many requests from this app.', { 'Retry-After': String(seconds) })
    }
    let body: unknown = undefined
    if (config.body) {
      const text = await readCappedBody(request, MAX_BODY_BYTES)
      if (text === null) return ssfError(413, 'invalid_request', `The body is larger than ${MAX_BODY_BYTES} bytes.`)
      try {
        body = JSON.parse(text)
      } catch {
        return ssfError(400, 'invalid_request', 'The body is not JSON.')
      }
    }
    try {
      return await handler({ url: new URL(request.url), body, clientId, context })
    } catch (error) {
      return answerFailure(error)
    }
  }
  return mark(route, 'ssf-client')
}
