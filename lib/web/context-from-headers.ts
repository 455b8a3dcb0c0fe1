import { env } from '../env'
import { preferencesFromHeaders, type Preferences } from '../i18n/preferences'
import { CLIENT_ADDRESS_HEADER, openClientAddress } from './client-address'

export type RequestContext = {
  ipAddress: string | null
  userAgent: string | null
  /** The language and time zone the request asks for (lib/i18n/preferences.ts); absent where no browser asked (jobs, tests). */
  preferences?: Preferences
}

/** User agents are cut to this length before they are stored. */
export const MAX_USER_AGENT = 512

/**
 * The client's address and user agent, for history and rate limits, from a
 * request's headers however they are read (Next.js's, or a bare Node.js
 * request's: lib/web/request-context.ts, lib/web/incoming-context.ts). The
 * address is the one the portal's server worked out from the connection and
 * the trusted proxies (TRUSTED_PROXY_HOPS; lib/web/client-address.ts) and
 * passed in its own header, sealed with an HMAC; X-Forwarded-For is never
 * read here. Served some other way (e.g. a bare `next start`), the address
 * is unknown and every client shares the per-network limits.
 */
export function requestContextFrom(header: (name: string) => string | null): RequestContext {
  const userAgent = header('user-agent')
  return {
    ipAddress: openClientAddress(header(CLIENT_ADDRESS_HEADER), env().authSecret),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    preferences: preferencesFromHeaders(header),
  }
}
