import 'server-only'
import type { IncomingMessage } from 'node:http'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { db } from '../db'
import { findActiveSession, type ActiveSession } from '../auth/session/store'
import { sessionCookie } from '../auth/session/cookie'
import { meetsAcr, proofOf, requiredAcr, sameProof, type AppLevel } from './levels'

/**
 * Whom the provider (./provider.ts) lets an app sign in, decided again at
 * every authorization and token use: the portal session behind the request,
 * the app's groups, the level asked for, a proof made for an approval, and
 * the account's standing when its claims are read.
 */

/** Extra client metadata (lib/oidc/apps.ts) the checks below read. */
export type AppClient = { clientId: string; first_party?: boolean; allowed_groups?: string[]; minimum_level?: AppLevel }

/** The portal session of the browser behind a provider request, read once per request. */
const portalSessions = new WeakMap<object, Promise<ActiveSession | null>>()
export function portalSessionOf(ctx: {
  cookies: { get(name: string, options?: { signed?: boolean }): string | undefined }
  req: IncomingMessage
}): Promise<ActiveSession | null> {
  let found = portalSessions.get(ctx.req)
  if (!found) {
    // The portal's cookie is not one of the provider's signed cookies: read it as it is (the database knows its hash).
    const secret = ctx.cookies.get(sessionCookie().name, { signed: false })
    found = secret ? findActiveSession(secret) : Promise.resolve(null)
    portalSessions.set(ctx.req, found)
  }
  return found
}

/** A recovery session may only add a passkey; it never signs anyone in to an app. */
export const signsInToApps = (session: ActiveSession | null): session is ActiveSession => session !== null && session.method !== 'recovery'

export function appAllowsGroup(client: AppClient, groupId: string): boolean {
  return !client.allowed_groups?.length || client.allowed_groups.includes(groupId)
}

/**
 * Reasons to show the person the portal's own pages before answering the
 * app, added to the login prompt (OpenID Connect Core 1.0 §3.1.2.3): the
 * provider's session follows the portal's, so signing out of the portal (or
 * being signed out by an admin, or timing out) is signing out of the provider
 * too, and the level, methods and auth_time apps are told are always those of
 * the portal session the browser holds now; the
 * app's group rule and the sign-in level asked for are checked at every
 * authorization, not only at the first.
 */
export type ProviderModule = typeof import('oidc-provider')

export function interactions({ interactionPolicy }: ProviderModule) {
  const { Check } = interactionPolicy
  const policy = interactionPolicy.base()
  const login = policy.get('login')!
  login.checks.add(
    new Check('portal_session', 'End-User is not signed in to the portal', 'login_required', async (ctx) => {
      const portal = await portalSessionOf(ctx)
      const session = ctx.oidc.session
      // One session, not two: a provider session made from an earlier portal session (since ended, or signed in
      // again another way) is not this one, and its acr, amr and auth_time are not this session's to give.
      return signsInToApps(portal) && portal.user.id === session?.accountId && sameProof(session, proofOf(portal))
        ? Check.NO_NEED_TO_PROMPT
        : Check.REQUEST_PROMPT
    }),
  )
  login.checks.add(
    new Check('app_group', 'the app is not available to this End-User', async (ctx) => {
      const portal = await portalSessionOf(ctx)
      return portal && appAllowsGroup(ctx.oidc.client as unknown as AppClient, portal.groupId) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT
    }),
  )
  login.checks.add(
    new Check('acr_level', 'the requested authentication level has not been reached', (ctx) => {
      const client = ctx.oidc.client as unknown as AppClient
      const required = requiredAcr(client.minimum_level ?? 'email', ctx.oidc.params?.acr_values as string | undefined)
      return meetsAcr(ctx.oidc.session?.acr, required) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT
    }),
  )
  // RFC 8628 §5.4: a device code can be read out to someone by whoever started it; approving one takes a sign-in
  // made after the code was typed, on the page that names the app and the device's network (./device-flow.ts).
  login.checks.add(
    new Check('device_fresh', 'a device sign-in needs a proof made for it', (ctx) =>
      isDeviceRoute(ctx.oidc.route) && !ctx.oidc.result?.login ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
  )
  // RFC 9396: an approval is bound to a proof made for it, on the page that shows what is approved (lib/oidc/interaction.ts).
  login.checks.add(
    new Check('approval_proof', 'authorization_details need a proof made for this request', (ctx) =>
      ctx.oidc.params?.authorization_details && !ctx.oidc.result?.login ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
  )
  return policy
}

const isDeviceRoute = (route: string | undefined) => route === 'code_verification' || route === 'device_resume'

export async function findAccount(ctx: KoaContextWithOIDC, sub: string) {
  const user = await db().user.findUnique({
    where: { id: sub },
    select: { id: true, email: true, emailVerifiedAt: true, displayName: true, status: true, groupId: true, group: { select: { name: true } } },
  })
  // A suspended or deprovisioned person gets nothing more: userinfo and refresh fail (invalid_grant / invalid_token).
  if (!user || user.status !== 'active') return undefined
  // Nor does someone whose group the app is no longer open to (moved, or the app's groups changed): the person's
  // standing is checked at every code exchange, refresh and userinfo call, not only at the authorization.
  const client = ctx.oidc?.client as unknown as AppClient | undefined
  if (client && !appAllowsGroup(client, user.groupId)) return undefined
  return {
    accountId: user.id,
    async claims() {
      return {
        sub: user.id,
        email: user.email,
        email_verified: user.emailVerifiedAt !== null,
        ...(user.displayName ? { name: user.displayName } : {}),
        groups: [user.group.name],
      }
    },
  }
}
