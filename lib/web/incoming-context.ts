import type { IncomingMessage } from 'node:http'
import { env } from '../env'
import { CLIENT_ADDRESS_HEADER, openClientAddress } from './client-address'
import type { RequestContext } from './request-context'

/** User agents are cut to this length before they are stored. */
export const MAX_USER_AGENT = 512

/**
 * The request context (lib/web/request-context.ts) for a request the
 * portal's server answers itself, outside Next.js (the OpenID Connect
 * interactions): the same sealed client address, the same user agent cut.
 */
export function requestContextOfIncoming(request: IncomingMessage): RequestContext {
  const header = (name: string) => {
    const value = request.headers[name]
    return typeof value === 'string' ? value : null
  }
  const userAgent = header('user-agent')
  return {
    ipAddress: openClientAddress(header(CLIENT_ADDRESS_HEADER), env().authSecret),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  }
}
