import 'server-only'
import type Provider from 'oidc-provider'
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider'
import { derivedKey } from '../crypto'
import { env } from '../env'
import { recordAppSession } from '../auth/session/store'
import { log } from '../ops/log'
import { PrismaOidcAdapter } from './adapter'
import { secretMatches } from './apps'
import { loadSigningKeys } from './keys'
import { OIDC_PATH, OIDC_ROUTES, oidcEndpointOf, oidcRouteOf } from './endpoints'
import { ACR_VALUES } from './levels'
import { findAccount, interactions, portalSessionOf, type ProviderModule } from './provider-checks'
import { limitOidcRequests } from './limit-requests'
import { LOCALES } from '../i18n/locales'
import { errorPage, logoutQuestionPage, pageTranslator, signedOutPage } from './pages'
import { appSignOutConfirmed, finishAppSignOut } from './rp-logout'
import { richAuthorizationFeatures } from './rich-authorization'
import { deviceFlowFeature, fillCodeFromLink } from './device-flow'

/**
 * The OpenID Connect provider: oidc-provider (OpenID Certified), configured
 * for the authorization code flow with PKCE and the device authorization
 * grant (RFC 8628, ./device-flow.ts), rotating refresh tokens,
 * revocation, userinfo, RP-initiated and back-channel logout, and payment
 * approvals as Rich Authorization Requests (ADR 19).
 * Its endpoints live under /oidc on the portal's own origin; the issuer is
 * APP_URL, so discovery is at /.well-known/openid-configuration.
 * The portal's server (scripts/server.ts) hands those paths to it. Next.js's
 * bundle and the server share the one instance through globalThis.
 */

/** The provider's session cookie: which provider session a browser holds. */
export const OIDC_SESSION_COOKIE = '_session'
export const interactionPath = (uid: string) => `${OIDC_PATH}/interaction/${uid}`
const END_SESSION_CONFIRM = `${OIDC_ROUTES.end_session}/confirm`

const HOUR = 3600
const DAY = 24 * HOUR

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * oidc-provider refuses to post to special-use addresses (loopback,
 * private networks): an app's back-channel logout URI must not reach the
 * portal's own network. A portal that itself runs on loopback (a developer's
 * machine, the tests, the demo) may post to apps on loopback, whose http://
 * addresses registration accepts for that case.
 */
function loopbackFetchAllowed(url: URL | string): boolean {
  return LOOPBACK.has(new URL(env().appUrl).hostname) && LOOPBACK.has(new URL(url).hostname)
}

/**
 * The reader of a page the provider renders: the app's ui_locales and the
 * request's headers, and with `withSession` the signed-in person's saved
 * language (not for error pages: the database may be why there is one).
 */
async function readerOf(ctx: KoaContextWithOIDC, withSession: boolean) {
  const saved = withSession ? await portalSessionOf(ctx).catch(() => null) : null
  return pageTranslator((name) => ctx.get(name) || null, { saved: saved?.user, uiLocales: ctx.oidc?.params?.ui_locales })
}

async function configuration(oidcModule: ProviderModule): Promise<{ config: Configuration; fingerprint: string }> {
  const { appName, authSecret } = env()
  const { keys, fingerprint } = await loadSigningKeys()
  const requestId = (ctx: KoaContextWithOIDC) => ctx.get('x-request-id') || undefined
  const config: Configuration = {
    adapter: PrismaOidcAdapter,
    findAccount,
    jwks: { keys: keys as never },
    // Signed cookies (_interaction, _session): the key is derived from AUTH_SECRET like every other key.
    cookies: {
      names: { session: OIDC_SESSION_COOKIE, interaction: '_interaction', resume: '_interaction_resume' },
      keys: [derivedKey('oidc-cookies', authSecret).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // How and when the person signed in (acr, amr, auth_time: Core 1.0 §2) go in every ID token; the rest by scope.
    // Userinfo answers only what findAccount returns, which holds none of them.
    claims: {
      sid: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    acrValues: [...ACR_VALUES],
    // The languages the provider's own pages speak; an app's ui_locales picks among them (lib/oidc/pages.ts).
    discovery: { ui_locales_supported: [...LOCALES] },
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic'],
    // Only asymmetric signatures: a client secret is stored hashed and must never be an HMAC key (ADR 19).
    enabledJWA: { idTokenSigningAlgValues: ['ES256', 'RS256'], userinfoSigningAlgValues: ['ES256', 'RS256'] },
    // PKCE for every app, public or confidential (RFC 9700 §2.1.1).
    pkce: { required: () => true },
    extraClientMetadata: { properties: ['first_party', 'allowed_groups', 'minimum_level'] },
    interactions: { policy: interactions(oidcModule), url: (_ctx, interaction) => interactionPath(interaction.uid) },
    // Where each endpoint lives; the rate limits resolve paths against the same table (./endpoints.ts).
    routes: { ...OIDC_ROUTES },
    ttl: {
      AuthorizationCode: 60,
      // Long enough to find the code and sign in again; RFC 8628 §3.2's example is 30 minutes, most providers use 10–15.
      DeviceCode: 10 * 60,
      AccessToken: 10 * 60,
      IdToken: HOUR,
      Interaction: HOUR,
      Session: 14 * DAY,
      Grant: 30 * DAY,
      RefreshToken: 30 * DAY,
    },
    // Every refresh returns a new refresh token and the old one stops working (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      // Devices without a browser sign in with a code typed at /activate (RFC 8628, ./device-flow.ts).
      deviceFlow: deviceFlowFeature(),
      // Payment approvals as Rich Authorization Requests (RFC 9396), which need resource indicators (./rich-authorization.ts).
      ...richAuthorizationFeatures(oidcModule.errors),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html'
          ctx.body = logoutQuestionPage(await readerOf(ctx, true), appName, ctx.oidc.client?.clientName, form)
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html'
          ctx.body = signedOutPage(await readerOf(ctx, false), appName)
        },
      },
    },
    fetch: (url, options) => {
      const target = url instanceof Request ? url.url : url
      // The SSRF-checking dispatcher oidc-provider sets is dropped only for a loopback portal posting to loopback.
      return globalThis.fetch(url, loopbackFetchAllowed(target) ? ({ ...options, dispatcher: undefined } as RequestInit) : options)
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html'
      ctx.body = errorPage(await readerOf(ctx, false), appName, String(out.error ?? 'server_error'), requestId(ctx))
    },
  }
  return { config, fingerprint }
}

type Holder = { provider: Provider; fingerprint: string }
const KEY = Symbol.for('passkey-portal.oidc-provider')
const holder = globalThis as unknown as Record<typeof KEY, Promise<Holder> | undefined>

async function build(): Promise<Holder> {
  // Loaded on first use, after the server routes console output to the log: oidc-provider warns when it
  // loads on a Node.js release older than it supports (ADR 19).
  const oidcModule = await import('oidc-provider')
  const { config, fingerprint } = await configuration(oidcModule)
  const provider = new oidcModule.default(env().appUrl, config)
  // The portal's server fixes the host and protocol from APP_URL before a request reaches the provider (scripts/server.ts).
  provider.proxy = true
  // First of all: every request counts against the limits of the endpoint its path reaches, however it is spelled.
  provider.use(limitOidcRequests)
  // Client secrets are stored as SHA-256 (lib/oidc/apps.ts): compare the presented secret's hash.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return secretMatches(this.clientSecret, actual)
  }
  // RP-initiated logout (RP-Initiated Logout 1.0 §2) also ends the portal session or the app's grant (lib/oidc/rp-logout.ts).
  // Matched as the router matches it: /oidc/session/end/CONFIRM/ is the same confirmation, and must end the same things.
  provider.use((ctx, next) =>
    ctx.method === 'POST' && oidcRouteOf(ctx.path) === END_SESSION_CONFIRM ? finishAppSignOut(ctx, next, OIDC_SESSION_COOKIE) : next(),
  )
  provider.on('end_session.success', appSignOutConfirmed)
  provider.use(fillCodeFromLink)
  // Which app sign-in session the browser's portal session uses: signing that one out from another browser ends its apps.
  provider.use(async (ctx, next) => {
    await next()
    const endpoint = oidcEndpointOf(ctx.path)
    if (endpoint !== 'authorization' && endpoint !== 'resume' && endpoint !== 'code_verification') return
    const { session, entities } = (ctx as KoaContextWithOIDC).oidc ?? {}
    // A device approved here (RFC 8628) is an app signed in from this browser's session, like a code issued to it.
    const issued = entities?.AuthorizationCode ?? (entities?.DeviceCode?.accountId ? entities.DeviceCode : undefined)
    if (!session?.accountId || !issued) return
    const portal = await portalSessionOf(ctx)
    if (portal?.user.id === session.accountId) await recordAppSession(portal, session.jti)
  })
  provider.on('server_error', (_ctx, error) => log().error({ err: { message: (error as Error).message } }, 'The OpenID Connect provider failed a request'))
  return { provider, fingerprint }
}

/** The provider, built on first use. */
export async function oidcProvider(): Promise<Provider> {
  holder[KEY] ??= build().catch((error: unknown) => {
    holder[KEY] = undefined
    throw error
  })
  return (await holder[KEY]).provider
}

/**
 * Rebuilds the provider when its signing keys changed (a rotation started or took effect); run every minute.
 * The keys are loaded (and a first set created) either way; a provider not built yet is left to its first
 * request, which builds it with the keys of that moment: building it here would load oidc-provider into
 * every server at start, some 17 MB and 150 ms, whether or not any app signs in through it.
 */
export async function reloadOidcKeys(): Promise<void> {
  const current = holder[KEY] ? await holder[KEY] : undefined
  const { fingerprint } = await loadSigningKeys()
  if (!current || current.fingerprint === fingerprint) return
  holder[KEY] = build()
  await holder[KEY]
}
