import 'server-only'
import { headers } from 'next/headers'
import { requestContextFrom, type RequestContext } from './context-from-headers'

export type { RequestContext }

/** The request context (lib/web/context-from-headers.ts) of the request Next.js is answering. */
export async function getRequestContext(): Promise<RequestContext> {
  const source = await headers()
  return requestContextFrom((name) => source.get(name))
}
