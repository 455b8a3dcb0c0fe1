import 'server-only'
import { headers } from 'next/headers'
import { CLIENT_ADDRESS_HEADER, openClientAddress } from './client-address'
import { env } from '../env'
import { MAX_USER_AGENT } from './incoming-context'

export type RequestContext = { ipAddress: string | null; userAgent: string | null }

/**
 * The client's address and user agent, for history and rate limits. The
 * address is the one the portal's server worked out from the connection and
 * the trusted proxies (TRUSTED_PROXY_HOPS; lib/web/client-address.ts) and passed
 * in its own header, sealed with an HMAC; X-Forwarded-For is never read
 * here. Served some other way (e.g. a bare `next start`), the address is
 * unknown and every client shares the per-network limits.
 */
function requestContextFrom(source: Headers): RequestContext {
  const userAgent = source.get('user-agent')
  return {
    ipAddress: openClientAddress(source.get(CLIENT_ADDRESS_HEADER), env().authSecret),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  }
}

export async function getRequestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers())
}
