import 'server-only'
import { headers } from 'next/headers'

export type RequestContext = { ipAddress: string | null; userAgent: string | null }

const MAX_USER_AGENT = 512

/**
 * The client's address and user agent, for history and rate limits.
 * The address is the right-most X-Forwarded-For entry: the one the reverse
 * proxy in front of the app appends from the connection. Next.js fills the
 * header from the socket only when it is absent, so a production deployment
 * must sit behind a proxy that appends or overwrites it (README, Deploying).
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
