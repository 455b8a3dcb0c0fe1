import 'server-only'
import type { Configuration, KoaContextWithOIDC, RichAuthorizationRequestsActiveConfiguration } from 'oidc-provider'
import { APPROVALS_RESOURCE, approvalDetailsSchema, PAYMENT_APPROVAL, paymentApprovalSchema, samePayment, type PaymentApproval } from './payment-approval'

/**
 * Rich Authorization Requests (RFC 9396) in oidc-provider (ADR 19): an app
 * sends `authorization_details` with a payment to approve; the provider checks
 * each detail against ./payment-approval.ts (§5: invalid_authorization_details
 * otherwise), the portal shows it on the confirmation page and adds it to the
 * grant once the person has proven it is them (lib/oidc/interaction.ts), and
 * the token response carries it back to the app (§7). oidc-provider only
 * takes RAR with resource indicators (RFC 8707), so those are on too, with one
 * resource: the approvals themselves.
 */

type Features = NonNullable<Configuration['features']>
type RichAuthorization = { richAuthorizationRequests: RichAuthorizationRequestsActiveConfiguration; resourceIndicators: Features['resourceIndicators'] }
type ProviderErrors = { InvalidAuthorizationDetails: new (description: string) => Error; InvalidTarget: new (description?: string) => Error }

/** The details this request asks for, already checked by the provider at the authorization endpoint. */
export function requestedApprovals(params: Record<string, unknown> | undefined): PaymentApproval[] {
  const raw = params?.authorization_details
  if (typeof raw !== 'string') return []
  try {
    const parsed = approvalDetailsSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** How many details a request's raw `authorization_details` holds (-1 when it is not a JSON array). */
function detailCount(raw: unknown): number {
  try {
    const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
    return Array.isArray(parsed) ? parsed.length : -1
  } catch {
    return -1
  }
}

/** Whether the grant holds every approval asked for (the person approved these, not others). */
function granted(grantRar: unknown, asked: PaymentApproval[]): boolean {
  const held = approvalDetailsSchema.safeParse(grantRar)
  return held.success && asked.every((approval) => held.data.some((kept) => samePayment(kept, approval)))
}

export function richAuthorizationFeatures(errors: ProviderErrors): RichAuthorization {
  return {
    resourceIndicators: {
      enabled: true,
      // RFC 9396 §9: a request with details has a resource; ours is the approvals, unless the app named one.
      defaultResource: (ctx, _client, oneOf) => oneOf ?? (ctx.oidc.params?.authorization_details ? APPROVALS_RESOURCE : undefined),
      getResourceServerInfo: (_ctx, indicator, client) => {
        // No API of ours takes access tokens but userinfo: any other resource is invalid_target (RFC 8707 §2).
        if (indicator !== APPROVALS_RESOURCE) throw new errors.InvalidTarget()
        return { scope: '', audience: client.clientId, accessTokenFormat: 'opaque' }
      },
      useGrantedResource: () => false,
    },
    richAuthorizationRequests: {
      enabled: true,
      types: {
        [PAYMENT_APPROVAL]: {
          validate: (ctx: KoaContextWithOIDC, detail: unknown) => {
            if (!paymentApprovalSchema.safeParse(detail).success)
              throw new errors.InvalidAuthorizationDetails('a payment_approval needs a positive amount, an ISO 4217 currency and a plain payee, nothing else')
            // The library checks each detail on its own; one approval per request is ours to check (the person approves one thing at a time).
            if (detailCount(ctx.oidc.params?.authorization_details) !== 1) throw new errors.InvalidAuthorizationDetails('one payment_approval per request')
          },
        },
      },
      // The code carries the details of this request only, and only once the person approved them (in the grant).
      authorizationDetailsForGrantSource: (ctx) => {
        const asked = requestedApprovals(ctx.oidc.params)
        // Details asked for but not ones the portal shows and approves: never a code as if none were asked.
        if (!asked.length && ctx.oidc.params?.authorization_details !== undefined)
          throw new errors.InvalidAuthorizationDetails('these details were not approved')
        if (!asked.length) return undefined
        if (!granted(ctx.oidc.grant?.rar, asked)) throw new errors.InvalidAuthorizationDetails('these details were not approved')
        return asked
      },
      // An approval is for one code exchange: a refreshed access token carries none.
      authorizationDetailsForAccessToken: (_ctx, _token, source, grantType) => (grantType === 'authorization_code' ? source?.rar : undefined),
      authorizationDetailsForIntrospection: (_ctx, token) => token.rar,
    },
  }
}
