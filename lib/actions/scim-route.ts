import 'server-only'
import { recordEvent } from '../audit/record'
import { SCIM_MAX_BODY_BYTES, scimError, scimErrorFor } from '../scim/protocol'
import { scimClientFor } from '../scim/tokens'
import { readCappedBody } from '../web/capped-body'
import { getRequestContext, type RequestContext } from '../web/request-context'
import { countAttempt, limitUsedUp } from '../limits/policies'
import { mark } from './pipeline'

/**
 * A SCIM endpoint (/scim/v2): the same order as every other route, for a
 * machine client. Guard: a bearer token from SCIM_TOKENS (401 otherwise,
 * with refusals counted per network and, under that limit, recorded). Limit:
 * per client. Parse: a JSON body of at most SCIM_MAX_BODY_BYTES (413 past
 * it, 400 if it is not JSON). Then the handler, which writes in one
 * transaction with history rows naming the client as the actor
 * (lib/scim/change.ts), and SCIM's own error format for anything it throws.
 */

export type ScimInput = {
  request: Request
  url: URL
  id: string
  body: unknown
  client: string
  context: RequestContext
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> }

async function readBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const text = await readCappedBody(request, SCIM_MAX_BODY_BYTES)
  if (text === null) return { ok: false, response: scimError(413, null, `The body is larger than ${SCIM_MAX_BODY_BYTES} bytes.`) }
  try {
    return { ok: true, body: JSON.parse(text) }
  } catch {
    return { ok: false, response: scimError(400, 'invalidSyntax', 'The body is not JSON.') }
  }
}

export function scimRoute(config: { body: boolean }, handler: (input: ScimInput) => Promise<Response>) {
  const route = async (request: Request, routeContext?: RouteContext): Promise<Response> => {
    const context = await getRequestContext()
    const client = scimClientFor(request.headers.get('authorization'))
    if (!client) {
      const network = { ipAddress: context.ipAddress }
      if (await limitUsedUp('scim-refused-per-ip', network)) return scimError(429, null, 'Too many refused requests from this network. Try again later.')
      await countAttempt('scim-refused-per-ip', network)
      await recordEvent({ type: 'scim_request_refused', result: 'failure', reason: 'token_invalid', context })
      return scimError(401, null, 'A valid bearer token is required.', { 'WWW-Authenticate': 'Bearer realm="scim"' })
    }
    const retryAt = await countAttempt('scim-per-client', { client: client.name })
    if (retryAt) {
      const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))
      return scimError(429, null, 'Too many requests from this client. Slow down.', { 'Retry-After': String(seconds) })
    }
    let body: unknown = undefined
    if (config.body) {
      const read = await readBody(request)
      if (!read.ok) return read.response
      body = read.body
    }
    const params = (await routeContext?.params) ?? {}
    const id = typeof params.id === 'string' ? params.id : ''
    try {
      return await handler({ request, url: new URL(request.url), id, body, client: client.name, context })
    } catch (error) {
      return scimErrorFor(error)
    }
  }
  return mark(route, 'scim-client')
}
