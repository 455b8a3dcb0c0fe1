/**
 * The provider's endpoints and which one a request path reaches. The paths
 * are the provider's route configuration (lib/oidc/provider.ts reads them
 * from here), and `oidcEndpointOf` matches a path the way oidc-provider's
 * router does (lib/helpers/router.js in oidc-provider 9), so every spelling
 * the router accepts for an endpoint is counted against that endpoint's
 * limits (lib/limits/oidc.ts): letters compared case-insensitively, and one
 * trailing slash ignored when the path does not match as it is. The router
 * takes Koa's path as it is, without percent-decoding, so neither does this.
 */

export const OIDC_PATH = '/oidc'
export const ACTIVATE_PATH = '/activate'

/** Where each of the provider's endpoints lives (oidc-provider's `routes` setting). */
export const OIDC_ROUTES = {
  authorization: `${OIDC_PATH}/auth`,
  token: `${OIDC_PATH}/token`,
  userinfo: `${OIDC_PATH}/userinfo`,
  jwks: `${OIDC_PATH}/jwks`,
  revocation: `${OIDC_PATH}/token/revocation`,
  end_session: `${OIDC_PATH}/session/end`,
  pushed_authorization_request: `${OIDC_PATH}/par`,
  introspection: `${OIDC_PATH}/token/introspection`,
  registration: `${OIDC_PATH}/reg`,
  backchannel_authentication: `${OIDC_PATH}/backchannel`,
  // Where a person types the code a device shows (RFC 8628 §3.3): short, on the portal's own origin, easy to type.
  code_verification: ACTIVATE_PATH,
  device_authorization: `${OIDC_PATH}/device/auth`,
  challenge: `${OIDC_PATH}/challenge`,
  credential: `${OIDC_PATH}/credential`,
} as const

/**
 * The endpoints as the limits know them. `resume` is the authorization's
 * return from the portal's pages (`/oidc/auth/:uid`); `code_verification` is
 * the device page (`/activate`) and its return (`/activate/:uid`); `end_session` includes
 * its confirmation and success pages; `discovery` is the provider metadata;
 * `other` is any path the provider has no route for (or a feature turned off).
 */
export type OidcEndpoint =
  | 'authorization'
  | 'resume'
  | 'pushed_authorization_request'
  | 'token'
  | 'revocation'
  | 'introspection'
  | 'userinfo'
  | 'end_session'
  | 'device_authorization'
  | 'code_verification'
  | 'jwks'
  | 'discovery'
  | 'other'

/** Fixed paths, as the router registers them (oidc-provider's initialize_app.js), each with the endpoint it belongs to. */
const STATIC_ROUTES: [string, OidcEndpoint][] = [
  [OIDC_ROUTES.authorization, 'authorization'],
  [OIDC_ROUTES.pushed_authorization_request, 'pushed_authorization_request'],
  [OIDC_ROUTES.token, 'token'],
  [OIDC_ROUTES.revocation, 'revocation'],
  [OIDC_ROUTES.introspection, 'introspection'],
  [OIDC_ROUTES.userinfo, 'userinfo'],
  [OIDC_ROUTES.end_session, 'end_session'],
  [`${OIDC_ROUTES.end_session}/confirm`, 'end_session'],
  [`${OIDC_ROUTES.end_session}/success`, 'end_session'],
  [OIDC_ROUTES.device_authorization, 'device_authorization'],
  [OIDC_ROUTES.code_verification, 'code_verification'],
  [OIDC_ROUTES.jwks, 'jwks'],
  ['/.well-known/openid-configuration', 'discovery'],
  ['/.well-known/oauth-authorization-server', 'discovery'],
]

/**
 * The router's case folding: ASCII letters upper-cased; any other character
 * upper-cased only when that gives one character that is not ASCII, so no
 * character outside ASCII (the long s, the dotless i) folds onto an ASCII
 * letter of a route.
 */
export function foldLikeRouter(value: string): string {
  if ([...value].every((char) => char.charCodeAt(0) <= 127)) return value.toUpperCase()
  let folded = ''
  for (const char of value) {
    const upper = char.toUpperCase()
    folded += upper.length === 1 && !(char.codePointAt(0)! > 127 && upper.codePointAt(0)! < 128) ? upper : char
  }
  return folded
}

/** The resumed authorization's route, with its one parameter. */
export const RESUME_ROUTE = `${OIDC_ROUTES.authorization}/:uid`

const FOLDED_STATIC = new Map(STATIC_ROUTES.map(([path, endpoint]) => [foldLikeRouter(path), { route: path, endpoint }]))
const RESUME_PREFIX = foldLikeRouter(`${OIDC_ROUTES.authorization}/`)
/** The device sign-in's return from the portal's pages (RFC 8628 through the provider's device_resume route). */
export const DEVICE_RESUME_ROUTE = `${OIDC_ROUTES.code_verification}/:uid`
const DEVICE_RESUME_PREFIX = foldLikeRouter(`${OIDC_ROUTES.code_verification}/`)

type Match = { route: string; endpoint: OidcEndpoint }

function lookup(path: string): Match | undefined {
  const folded = foldLikeRouter(path)
  const fixed = FOLDED_STATIC.get(folded)
  if (fixed) return fixed
  // The resume route: one more segment, not empty (the router's parameter match).
  for (const [prefix, route, endpoint] of [
    [RESUME_PREFIX, RESUME_ROUTE, 'resume'],
    [DEVICE_RESUME_PREFIX, DEVICE_RESUME_ROUTE, 'code_verification'],
  ] as const) {
    if (!folded.startsWith(prefix)) continue
    const uid = path.slice(prefix.length)
    if (uid.length > 0 && !uid.includes('/')) return { route, endpoint }
  }
  return undefined
}

function match(path: string): Match | undefined {
  return lookup(path) ?? (path.length > 1 && path.endsWith('/') ? lookup(path.slice(0, -1)) : undefined)
}

/** The route (as configured, e.g. "/oidc/session/end/confirm") a request path reaches, whatever its spelling; null when none. */
export function oidcRouteOf(path: string): string | null {
  return match(path)?.route ?? null
}

/** The endpoint a request path (Koa's `ctx.path`) reaches, whatever its spelling; `other` when it reaches none. */
export function oidcEndpointOf(path: string): OidcEndpoint {
  return match(path)?.endpoint ?? 'other'
}
