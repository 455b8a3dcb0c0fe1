import 'server-only'
import { createHash } from 'node:crypto'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { recordEvent } from '../audit/record'
import { metrics } from '../ops/metrics'
import { DatabaseRateLimiter, ipKey } from './store'
import type { RequestContext } from '../web/request-context'
import type { OidcEndpoint } from '../oidc/endpoints'

/**
 * The provider's rate limits (ADR 19), per endpoint as the router resolves
 * it (./endpoints.ts). Each endpoint counts every request per network, and,
 * when the request names an app, per app and network. Never per app alone:
 * anyone can name any client_id, and a flood from one network must not shut
 * an app out everywhere. The network limit is twice the per-app one, so one
 * app (or someone naming it) leaves room for another on the same network.
 *
 * Sized for honest traffic: an app's server exchanges codes and refreshes
 * tokens for all its users from one address, so the token endpoint allows
 * 600 a minute per app and network. What it does not allow is failing: the
 * endpoints where an app authenticates (token, PAR, revocation) also count
 * their 400 and 401 answers (a wrong code, secret or parameter), 30 a minute
 * per app and network and 60 per network, checked before the provider runs.
 */

const MINUTE = 60

type EndpointLimit = {
  /** Requests a minute per network; half of it per app and network (when a request names an app). */
  perNetwork: number
  /** Where an app authenticates: its failures are counted and limited too. */
  appAuthenticates?: true
  /** A person's page whose wrong answers (a mistyped device code) are counted and limited like an app's failures. */
  failuresCount?: true
}

const LIMITS: Record<OidcEndpoint, EndpointLimit> = {
  // Each authorization stores an interaction; a corporate network signs many people in at 9 o'clock.
  authorization: { perNetwork: 120 },
  // The return from the portal's pages: one or two per sign-in, names no app.
  resume: { perNetwork: 240 },
  pushed_authorization_request: { perNetwork: 240, appAuthenticates: true },
  token: { perNetwork: 1200, appAuthenticates: true },
  revocation: { perNetwork: 240, appAuthenticates: true },
  introspection: { perNetwork: 240, appAuthenticates: true },
  // A bearer token, no app named: from app servers on behalf of all their users.
  userinfo: { perNetwork: 1200 },
  end_session: { perNetwork: 60 },
  // Each request stores a device code (RFC 8628 §3.1); a CLI asks once per sign-in.
  device_authorization: { perNetwork: 60, appAuthenticates: true },
  // The page where a person types a device's code, and its return from the portal's pages. A user code is
  // 8 letters of 20 (20^8 ≈ 2.6e10, RFC 8628 §6.1); 60 wrong ones a minute for its 10 minutes guess 1 in 40 million.
  code_verification: { perNetwork: 60, failuresCount: true },
  // Fetched once and cached by every app.
  jwks: { perNetwork: 300 },
  discovery: { perNetwork: 300 },
  // Paths the provider has no route for: a 404 each, still not free.
  other: { perNetwork: 120 },
}

/** Failed requests where an app authenticates, a minute: per network, and half of it per app and network. */
const FAILURES_PER_NETWORK = 60

const limiter = (keyPrefix: string, points: number) => new DatabaseRateLimiter({ keyPrefix, points, duration: MINUTE })

const requestLimiters = Object.fromEntries(
  Object.entries(LIMITS).map(([endpoint, limit]) => [
    endpoint,
    { network: limiter(`oidc-${endpoint}-ip`, limit.perNetwork), app: limiter(`oidc-${endpoint}-app-ip`, limit.perNetwork / 2) },
  ]),
) as Record<OidcEndpoint, { network: DatabaseRateLimiter; app: DatabaseRateLimiter }>

const appFailureLimiters = { network: limiter('oidc-failures-ip', FAILURES_PER_NETWORK), app: limiter('oidc-failures-app-ip', FAILURES_PER_NETWORK / 2) }
/**
 * Wrong device codes have counters of their own: a person's typos (or a page that makes browsers ask for
 * /activate) must never use up the failures that keep a network's apps and polling devices answered.
 */
const deviceCodeFailureLimiters = {
  network: limiter('oidc-device-code-failures-ip', FAILURES_PER_NETWORK),
  app: limiter('oidc-device-code-failures-app-ip', FAILURES_PER_NETWORK / 2),
}
const failureLimitersOf = (endpoint: OidcEndpoint) => (endpoint === 'code_verification' ? deviceCodeFailureLimiters : appFailureLimiters)

/** Whether an endpoint is one where an app authenticates, whose failures count. */
export const appAuthenticatesAt = (endpoint: OidcEndpoint) => LIMITS[endpoint].appAuthenticates === true

/** Whether an endpoint's 400 and 401 answers count as failures: where apps authenticate, and the device code page. */
export const failuresCountAt = (endpoint: OidcEndpoint) => appAuthenticatesAt(endpoint) || LIMITS[endpoint].failuresCount === true

/** What a counter counts: the network alone, or the app and the network. */
export type Scope = 'network' | 'app'
export type OidcCaller = { endpoint: OidcEndpoint; context: RequestContext; clientId: string | null }

/** The counter key: the network, or the network and the app (hashed: a client_id is whatever the caller wrote, of any length). */
function keyOf(scope: Scope, caller: OidcCaller): string {
  const network = ipKey(caller.context.ipAddress)
  return scope === 'network' ? network : `${network}:${createHash('sha256').update(caller.clientId!).digest('base64url').slice(0, 22)}`
}

/** The scopes a request counts in: the network always, the app too when the request names one. */
const scopesOf = (caller: OidcCaller): Scope[] => (caller.clientId ? ['network', 'app'] : ['network'])

/**
 * Records that a limit started refusing, once per window (when its counter
 * first passes the limit), so a flood writes one audit row, not one per request.
 */
async function recordLimit(caller: OidcCaller, limit: string, policy: string): Promise<void> {
  await recordEvent({
    type: 'oidc_requests_limited',
    result: 'failure',
    reason: 'rate_limited',
    context: caller.context,
    detail: {
      endpoint: caller.endpoint,
      limit, // The client_id is whatever the caller wrote: printable ASCII only, cut short.
      ...(caller.clientId ? { client: caller.clientId.replace(/[^\x21-\x7e]/g, '?').slice(0, 100) } : {}),
      policy,
    },
  })
}

const retryAtOf = (state: RateLimiterRes) => new Date(Date.now() + Math.max(state.msBeforeNext, 1000))

/**
 * Counts a request against one of its endpoint's limits and, where failures
 * count, checks that scope's failures without counting them;
 * returns when to retry if either is used up, otherwise null.
 */
export async function countOidcRequest(caller: OidcCaller, scope: Scope): Promise<Date | null> {
  const counter = requestLimiters[caller.endpoint][scope]
  const key = keyOf(scope, caller)
  try {
    await counter.consume(key)
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error
    metrics().rateLimited.inc({ policy: counter.keyPrefix })
    if (error.consumedPoints === counter.points + 1) await recordLimit(caller, scope, counter.keyPrefix)
    return retryAtOf(error)
  }
  if (!failuresCountAt(caller.endpoint)) return null
  const failureLimiter = failureLimitersOf(caller.endpoint)[scope]
  const failures = await failureLimiter.get(key)
  if (!failures || failures.consumedPoints < failureLimiter.points) return null
  metrics().rateLimited.inc({ policy: failureLimiter.keyPrefix })
  return retryAtOf(failures)
}

/** Counts a failed request (a 400 or 401 answer) where failures count. */
export async function countOidcFailure(caller: OidcCaller): Promise<void> {
  for (const scope of scopesOf(caller)) {
    const counter = failureLimitersOf(caller.endpoint)[scope]
    const state = await counter.penalty(keyOf(scope, caller))
    if (state.consumedPoints === counter.points) await recordLimit(caller, `failures_${scope}`, counter.keyPrefix)
  }
}
