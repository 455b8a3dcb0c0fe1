import 'server-only'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { InteractionResults } from 'oidc-provider'
import { recordEvent } from '../audit/record'
import type { AuditReason } from '../audit/vocabulary'
import { env } from '../env'
import { decideGuard, readSessionFrom, type IncomingSession } from '../auth/access'
import { passkeyEnrolmentAllowed } from '../policy/decide'
import { requestContextOfIncoming } from '../web/incoming-context'
import { refusalAnswer } from '../web/refusal'
import { approvalProven } from './approval-proof'
import { acrOf, PHISHING_RESISTANT, proofOf, requiredAcr } from './levels'
import { interactionPath, oidcProvider } from './provider'
import { appAllowsGroup, type AppClient } from './provider-checks'
import { continuePage, errorPage, headerReader, pageTranslator } from './pages'
import type { PaymentApproval } from './payment-approval'
import { requestedApprovals } from './rich-authorization'

/**
 * The provider's interactions, answered by the portal (OpenID Connect Core
 * 1.0 §3.1.2.3–4): GET /oidc/interaction/:uid decides what the person must
 * do (sign in, prove it again, use a passkey, consent) and sends them to the
 * portal's own page for it, which comes back here; POST …/consent records a
 * decision from the consent page. Every decision is taken here, on the
 * server, from the portal session and the app's registration.
 */

const UID = /^[A-Za-z0-9_-]{10,64}$/

/** For the provider's and these handlers' own pages: no scripts, no framing; no form-action (the logout form goes on to the app). */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"

export function isInteractionPath(pathname: string): boolean {
  return /^\/oidc\/interaction\/[^/]+(\/consent)?$/.test(pathname)
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end()
}

/** Who reads this interaction's pages: the person's saved language once their session is known, and the app's ui_locales once the interaction is. */
type Reader = { saved?: { locale: string | null; timeZone: string | null } | null; uiLocales?: unknown }

function refuse(request: IncomingMessage, response: ServerResponse, status: number, error: string, reader: Reader = {}): void {
  const requestId = typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : undefined
  response
    .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP })
    .end(errorPage(pageTranslator(headerReader(request.headers), reader), env().appName, error, requestId))
}

/** The portal session behind an interaction: a recovery session may only add a passkey, it never signs anyone in to an app. */
async function portalSession(request: IncomingMessage): Promise<IncomingSession | null> {
  const session = await readSessionFrom(request)
  return session && session.method !== 'recovery' ? session : null
}

/** Reads a small urlencoded form body (the consent page's two buttons). */
async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return null
  let body = ''
  for await (const chunk of request) {
    body += String(chunk)
    if (body.length > 4096) return null
  }
  return new URLSearchParams(body)
}

export async function answerInteraction(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const [, , , uid, action] = (request.url ?? '').split('?')[0]!.split('/')
  if (!uid || !UID.test(uid)) return refuse(request, response, 404, 'not_found')
  const provider = await oidcProvider()
  let details: Awaited<ReturnType<typeof provider.interactionDetails>>
  try {
    // Bound to this browser by the provider's signed _interaction cookie.
    details = await provider.interactionDetails(request, response)
  } catch {
    return refuse(request, response, 400, 'interaction_expired')
  }
  if (details.uid !== uid) return refuse(request, response, 400, 'interaction_expired')
  const asked: Reader = { uiLocales: details.params.ui_locales }
  const client = (await provider.Client.find(String(details.params.client_id))) as unknown as (AppClient & { clientName?: string }) | undefined
  if (!client) return refuse(request, response, 400, 'invalid_client', asked)
  const here = interactionPath(uid)
  const context = requestContextOfIncoming(request)
  const session = await portalSession(request)
  const reader: Reader = { ...asked, saved: session?.user }
  // A consent keeps the login submitted before it in this request (prompt=login is met once, not asked again after consent).
  const finish = (result: InteractionResults) => provider.interactionFinished(request, response, result, { mergeWithLastSubmission: 'consent' in result })
  const refusal = async (userId: string | null, error: string, description: string, reason: AuditReason): Promise<InteractionResults> => {
    await recordEvent({
      type: 'app_sign_in',
      result: 'failure',
      userId,
      reason,
      context,
      detail: { app: client.clientName ?? client.clientId, clientId: client.clientId },
    })
    return { error, error_description: description }
  }
  const refuseToApp = async (error: string, description: string, reason: AuditReason) =>
    finish(await refusal(session?.user.id ?? null, error, description, reason))

  if (action === 'consent') {
    if (request.method !== 'POST') return refuse(request, response, 405, 'method_not_allowed', reader)
    // Only the consent page on our own origin posts here (SameSite cookies already keep other sites out).
    if (request.headers.origin !== env().appUrl) return refuse(request, response, 403, 'forbidden', reader)
    const form = await readForm(request)
    if (!session || details.prompt.name !== 'consent' || session.user.id !== details.session?.accountId || !form) return redirect(response, here)
    const result =
      form.get('decision') === 'allow'
        ? await consentResult(provider, details, session.user.id)
        : await refusal(session.user.id, 'access_denied', 'The person declined to share their details with the app.', 'app_consent_denied')
    const location = await provider.interactionResult(request, response, result, { mergeWithLastSubmission: 'consent' in result })
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP })
    response.end(continuePage(pageTranslator(headerReader(request.headers), reader), env().appName, client.clientName, location))
    return
  }
  if (request.method !== 'GET') return refuse(request, response, 405, 'method_not_allowed', reader)

  if (!session) return redirect(response, refusalAnswer('signed_out', { kind: 'interaction', returnTo: here }).to)
  if (details.prompt.name === 'login') {
    if (!appAllowsGroup(client, session.groupId)) return refuseToApp('access_denied', 'This app is not available to your group.', 'app_group_not_allowed')
    // The portal's own guard: a group that requires a passkey lets nobody in without one, to an app no more than to the portal.
    const access = await decideGuard('session', session)
    if (!access.ok) return redirect(response, refusalAnswer(access.refusal, { kind: 'interaction', returnTo: here }).to)
    const required = requiredAcr(client.minimum_level ?? 'email', details.params.acr_values as string | undefined)
    const needsPasskey = required === PHISHING_RESISTANT && acrOf(session) !== PHISHING_RESISTANT
    const since = freshSince(details)
    const stale = since !== null && session.verifiedAt.getTime() < since.getTime()
    // The approval asked for (RFC 9396) is given on the confirmation page that shows it, by a proof made there (./approval-proof.ts).
    const [approval] = requestedApprovals(details.params)
    const unapproved = approval !== undefined && !approvalProven(session, uid, required === PHISHING_RESISTANT)
    if ((needsPasskey || unapproved) && !session.hasPasskey && required === PHISHING_RESISTANT && !passkeyEnrolmentAllowed(session.policy)) {
      // OpenID Connect Core 1.0 §3.1.2.6: the level asked for cannot be reached; never a weaker token instead.
      return refuseToApp('unmet_authentication_requirements', 'This app needs a passkey sign-in, and this account cannot use one.', 'app_level_unmet')
    }
    if (needsPasskey || stale || unapproved) {
      const confirm = new URLSearchParams({ returnTo: here })
      if (required === PHISHING_RESISTANT) confirm.set('passkey', '1')
      if (since) confirm.set('since', String(Math.floor(since.getTime() / 1000)))
      return redirect(response, `/account/confirm?${confirm}`)
    }
    const { acr, amr, ts } = proofOf(session)
    // The approval's own row: what was approved, as the provider checked it (./payment-approval.ts).
    await recordEvent({
      type: 'app_sign_in',
      result: 'success',
      userId: session.user.id,
      sessionId: session.sessionId,
      method: session.verifiedMethod,
      context,
      detail: {
        app: client.clientName ?? client.clientId,
        clientId: client.clientId,
        acr,
        ...(approval ? approvalDetail(approval) : {}),
        ...('deviceCode' in details ? { device: true } : {}),
      },
    })
    return finish({
      login: { accountId: session.user.id, acr, amr, ts, remember: true },
    })
  }
  if (details.prompt.name === 'consent') {
    if (session.user.id !== details.session?.accountId) return redirect(response, refusalAnswer('signed_out', { kind: 'interaction', returnTo: here }).to)
    // Trusted (first-party) apps get what they ask for; other apps ask the person first.
    if (client.first_party) return finish(await consentResult(provider, details, session.user.id))
    return redirect(response, `/authorize/${uid}`)
  }
  return refuse(request, response, 400, 'interaction_unknown', reader)
}

/**
 * The moment a proof must be newer than: prompt=login asks for one made
 * during this request (§3.1.2.1), max_age for one at most that old when the
 * request was made (so max_age=0 is met by a proof made since, not never).
 * The request's time is whole seconds, as iat and auth_time are: a proof
 * made in the same second as the request counts as made during it.
 */
function freshSince(details: { iat?: number; prompt: { reasons: string[] }; params: Record<string, unknown> }): Date | null {
  const asked = typeof details.iat === 'number' ? details.iat * 1000 : Date.now()
  const limits: number[] = []
  // An approval (RFC 9396) and a device's sign-in (RFC 8628) need a proof made during their request, like prompt=login
  // (provider-checks.ts, approval_proof and device_fresh).
  if (['login_prompt', 'approval_proof', 'device_fresh'].some((reason) => details.prompt.reasons.includes(reason))) limits.push(asked)
  const maxAge = Number(details.params.max_age)
  if (details.params.max_age !== undefined && Number.isInteger(maxAge) && maxAge >= 0) limits.push(asked - maxAge * 1000)
  return limits.length ? new Date(Math.max(...limits)) : null
}

async function consentResult(
  provider: Awaited<ReturnType<typeof oidcProvider>>,
  details: Awaited<ReturnType<Awaited<ReturnType<typeof oidcProvider>>['interactionDetails']>>,
  accountId: string,
): Promise<InteractionResults> {
  const clientId = String(details.params.client_id)
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined
  const grant = existing ?? new provider.Grant({ accountId, clientId })
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] }
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
  // The approval asked for replaces any earlier one: the code carries it only if the grant holds it (./rich-authorization.ts).
  const approvals = requestedApprovals(details.params)
  if (approvals.length) grant.rar = approvals
  const grantId = await grant.save()
  return existing ? { consent: {} } : { consent: { grantId } }
}

/** An approval in the audit row's detail: the type and its fields, each under its own name. */
function approvalDetail(approval: PaymentApproval) {
  return { approvalType: approval.type, amount: approval.amount, currency: approval.currency, payee: approval.payee }
}
