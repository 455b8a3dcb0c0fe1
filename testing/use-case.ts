import { auditAs, type AuditCaller } from '../lib/audit/bound'
import type { CookieJar, CookieOptions, UseCaseContext } from '../lib/use-case'
import type { RequestContext } from '../lib/web/request-context'

/** A browser's cookies in a unit test: what was set, with its attributes, and what a later request would send. */
export class MemoryCookieJar implements CookieJar {
  readonly values = new Map<string, { value: string; options: CookieOptions }>()

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, { value, options: {} })
  }

  get(name: string) {
    const cookie = this.values.get(name)
    return cookie ? { value: cookie.value } : undefined
  }

  has(name: string) {
    return this.values.has(name)
  }

  set(...args: [string, string, CookieOptions?] | [{ name: string; value: string } & CookieOptions]) {
    const [name, value, options] = typeof args[0] === 'string' ? (args as [string, string, CookieOptions?]) : [args[0].name, args[0].value, args[0]]
    // A cookie set expired (lib/web/cookies.ts clearedCookie) is gone from the browser.
    if (options?.maxAge === 0 || (options?.expires && options.expires.getTime() <= Date.now())) this.values.delete(name)
    else this.values.set(name, { value, options: options ?? {} })
    return this
  }
}

export type TestUseCaseContext = UseCaseContext & {
  cookies: MemoryCookieJar
  /** Tasks the use case left for after the response, not yet run. */
  pending: (() => unknown)[]
  /** Runs what the use case left for after the response, as Next.js would once the answer is sent. */
  runLater: () => Promise<void>
}

export const TEST_REQUEST: RequestContext = { ipAddress: '192.0.2.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' }

/** A use-case context (lib/use-case.ts) for a unit test: the caller, the request it came from, and the browser's cookies. */
export function testContext(
  options: { caller?: AuditCaller; request?: RequestContext; cookies?: MemoryCookieJar | Record<string, string> } = {},
): TestUseCaseContext {
  const request = options.request ?? TEST_REQUEST
  const pending: (() => unknown)[] = []
  const cookies = options.cookies instanceof MemoryCookieJar ? options.cookies : new MemoryCookieJar(options.cookies)
  return {
    request,
    audit: auditAs(options.caller ?? null, request),
    later: (task) => void pending.push(task),
    cookies,
    pending,
    runLater: async () => {
      while (pending.length > 0) await pending.shift()!()
    },
  }
}
