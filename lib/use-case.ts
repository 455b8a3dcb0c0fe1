import type { Audit } from './audit/record'
import type { RequestContext } from './web/request-context'

/** How a use case sets a cookie: the attributes of lib/web/cookies.ts. */
export type CookieOptions = {
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'lax' | 'strict' | 'none'
  path?: string
  maxAge?: number
  expires?: Date
}

/** This browser's cookies as a use case reads and sets them: Next.js's jar in a request, a map in tests. */
export interface CookieJar {
  get(name: string): { value: string } | undefined
  has(name: string): boolean
  set(name: string, value: string, options?: CookieOptions): unknown
  set(cookie: { name: string; value: string } & CookieOptions): unknown
}

/**
 * What every use case gets from its entry point besides its data and the
 * caller's session: where the request came from, history rows bound to the
 * caller, work to run after the response, and the browser's cookies. The
 * pipeline (lib/actions/pipeline.ts) builds it from the request; a unit test
 * builds it with testing/use-case.ts. A use case never reaches for Next.js's
 * headers(), cookies() or after() itself, so it runs the same in both.
 */
export type UseCaseContext = {
  request: RequestContext
  audit: Audit
  /** Runs a task after the response is sent (notices, bookkeeping nobody waits for). */
  later: (task: () => unknown) => void
  cookies: CookieJar
}
