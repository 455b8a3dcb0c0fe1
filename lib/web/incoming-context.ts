import type { IncomingMessage } from 'node:http'
import { requestContextFrom, type RequestContext } from './context-from-headers'

/**
 * The request context for a request the portal's server answers itself,
 * outside Next.js (the OpenID Connect interactions): the same sealed client
 * address, the same user agent cut.
 */
export function requestContextOfIncoming(request: IncomingMessage): RequestContext {
  return requestContextFrom((name) => {
    const value = request.headers[name]
    return typeof value === 'string' ? value : null
  })
}
