import 'server-only'
import { appRequestIn } from './approval-proof'
import type { PaymentApproval } from './payment-approval'
import { oidcProvider } from './provider'
import { requestedApprovals } from './rich-authorization'

export type ApprovalRequest = { uid: string; appName: string; approval: PaymentApproval }

/**
 * The payment an app asks to approve (RFC 9396 `authorization_details`), for
 * the confirmation page that `returnTo` (an interaction of
 * lib/oidc/interaction.ts) sent the signed-in person to: read from the
 * provider's own record of the request, never from the page's address. It is
 * shown whenever the request is waiting for a sign-in, also before the
 * provider has a session for anyone (the app's first request): a step-up made
 * on that page is what approves it (./approval-proof.ts), so the page must
 * never offer the prompt without it. Only the browser that made the request
 * knows its id, and only that browser (the provider's interaction cookie) can
 * finish it.
 */
export async function approvalRequest(returnTo: string): Promise<ApprovalRequest | null> {
  const uid = appRequestIn(returnTo)
  if (!uid) return null
  const provider = await oidcProvider()
  const interaction = await provider.Interaction.find(uid)
  if (!interaction || interaction.prompt.name !== 'login') return null
  const [approval] = requestedApprovals(interaction.params)
  if (!approval) return null
  const client = await provider.Client.find(String(interaction.params.client_id))
  return client ? { uid, appName: client.clientName ?? client.clientId, approval } : null
}
