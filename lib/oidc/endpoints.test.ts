import { describe, expect, it } from 'vitest'
import { OIDC_ROUTES, oidcEndpointOf, oidcRouteOf, type OidcEndpoint } from './endpoints'

type Router = {
  get(name: string, path: string): Router
  post(name: string, path: string): Router
  options(name: string, path: string): Router
  match(method: string, path: string): { route: { name: string; path: string } } | undefined
}

/**
 * oidc-provider's own router with the routes the portal's configuration
 * enables (as its initialize_app.js registers them): the oracle every
 * spelling is checked against. (An internal module, loaded by path: if it
 * moves or changes how it matches, this test says so.)
 */
async function providerRouter(): Promise<Router> {
  const specifier = 'oidc-provider/lib/helpers/router.js'
  const { default: RouterClass } = (await import(/* @vite-ignore */ specifier)) as { default: new () => Router }
  const router = new RouterClass()
  const r = OIDC_ROUTES
  router.get('authorization', r.authorization).get('resume', `${r.authorization}/:uid`)
  router.get('userinfo', r.userinfo).post('userinfo', r.userinfo).options('userinfo', r.userinfo)
  router.post('token', r.token).options('token', r.token)
  router.get('jwks', r.jwks).options('jwks', r.jwks)
  router.get('discovery', '/.well-known/oauth-authorization-server').get('discovery', '/.well-known/openid-configuration')
  router.post('revocation', r.revocation).options('revocation', r.revocation)
  router.post('introspection', r.introspection).options('introspection', r.introspection)
  router.post('end_session', `${r.end_session}/confirm`).get('end_session', r.end_session).get('end_session', `${r.end_session}/success`)
  router.post('pushed_authorization_request', r.pushed_authorization_request).options('pushed_authorization_request', r.pushed_authorization_request)
  router.post('device_authorization', r.device_authorization)
  router.get('code_verification', r.code_verification).post('code_verification', r.code_verification)
  router.get('code_verification', `${r.code_verification}/:uid`)
  return router
}

/** The route the router picks for a path by any method: its name (our endpoint) and path. */
function routerSays(router: Router, path: string): { endpoint: OidcEndpoint; route: string | null } {
  const route = ['GET', 'POST', 'OPTIONS'].map((method) => router.match(method, path)?.route).find(Boolean)
  return { endpoint: (route?.name as OidcEndpoint | undefined) ?? 'other', route: route?.path ?? null }
}

describe('which endpoint a path reaches', () => {
  it('every spelling of an endpoint is that endpoint: letters in any case, one trailing slash', () => {
    const cases: [string, OidcEndpoint][] = [
      ['/oidc/auth', 'authorization'],
      ['/oidc/AUTH', 'authorization'],
      ['/oidc/auth/', 'authorization'],
      ['/oidc/Auth/', 'authorization'],
      ['/OIDC/aUtH', 'authorization'],
      ['/oidc/auth/Xy12-ab', 'resume'],
      ['/oidc/AUTH/Xy12-ab/', 'resume'],
      ['/oidc/par', 'pushed_authorization_request'],
      ['/oidc/PAR/', 'pushed_authorization_request'],
      ['/oidc/token', 'token'],
      ['/oidc/Token/', 'token'],
      ['/oidc/token/REVOCATION', 'revocation'],
      ['/oidc/userinfo/', 'userinfo'],
      ['/oidc/session/end/CONFIRM', 'end_session'],
      ['/oidc/jwks', 'jwks'],
      ['/.well-known/OPENID-configuration/', 'discovery'],
      ['/oidc/device/AUTH', 'device_authorization'],
      ['/Activate/', 'code_verification'],
      ['/activate/Xy12-ab', 'code_verification'],
      // What the router does not take for the endpoint is not counted as it either.
      ['/oidc/auth//', 'other'],
      ['/oidc//auth', 'other'],
      ['/oidc/%61uth', 'other'],
      ['/oidc/tokens', 'other'],
      ['/oidc/ſession/end', 'other'],
      ['/oıdc/auth', 'other'],
      ['/oidc/', 'other'],
    ]
    for (const [path, endpoint] of cases) expect(oidcEndpointOf(path), path).toBe(endpoint)
  })

  it('names the route a spelling reaches, so code that acts on one route acts on every spelling of it', () => {
    expect(oidcRouteOf('/oidc/session/end/CONFIRM/')).toBe('/oidc/session/end/confirm')
    expect(oidcRouteOf('/oidc/Session/End')).toBe('/oidc/session/end')
    expect(oidcRouteOf('/oidc/AUTH/uid-1')).toBe('/oidc/auth/:uid')
    expect(oidcRouteOf('/oidc/session/end/confirm//')).toBeNull()
  })

  it('agrees with oidc-provider’s router on every spelling of every route, and on near misses', async () => {
    const router = await providerRouter()
    const bases = [
      ...Object.values(OIDC_ROUTES),
      `${OIDC_ROUTES.authorization}/uid-1`,
      `${OIDC_ROUTES.end_session}/confirm`,
      '/.well-known/openid-configuration',
    ]
    let state = 7
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647
    const variants = (path: string): string[] => {
      const flipped = [...path].map((char) => (random() < 0.5 ? char.toUpperCase() : char)).join('')
      const at = 1 + Math.floor(random() * (path.length - 1))
      return [
        path,
        flipped,
        `${flipped}/`,
        `${path}//`,
        `/${path}`,
        `${path.slice(0, at)}/${path.slice(at)}`,
        `${path.slice(0, at)}%${path.charCodeAt(at).toString(16)}${path.slice(at + 1)}`,
        path.replace('s', 'ſ').replace('i', 'ı').replace('k', '\u212a'),
        path.replace('a', 'Ａ'),
        `${path}/x`,
        `${path}/x/`,
        path.slice(0, -1),
      ]
    }
    let checked = 0
    for (const base of bases) {
      for (let round = 0; round < 20; round++) {
        for (const path of variants(base)) {
          expect({ endpoint: oidcEndpointOf(path), route: oidcRouteOf(path) }, path).toEqual(routerSays(router, path))
          checked += 1
        }
      }
    }
    expect(checked).toBeGreaterThan(3000)
  })
})
