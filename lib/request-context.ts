import 'server-only'
import { headers } from 'next/headers'

export type RequestContext = { ipAddress: string | null; userAgent: string | null }

const MAX_USER_AGENT = 512

/**
 * The client's address and user agent, for history and rate limits.
 * The address is the right-most X-Forwarded-For entry: the one added by the
 * server (or the nearest proxy) from the socket, which a client cannot forge.
 */
export function requestContextFrom(source: Headers): RequestContext {
  const forwarded = source.get('x-forwarded-for')
  const ipAddress = forwarded?.split(',').map((part) => part.trim()).filter(Boolean).at(-1) ?? source.get('x-real-ip')
  const userAgent = source.get('user-agent')
  return {
    ipAddress: ipAddress ? ipAddress.slice(0, 64) : null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  }
}

export async function getRequestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers())
}
