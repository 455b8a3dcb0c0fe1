import 'server-only'
import type { PaymentApproval } from './payment-approval'
import { oidcProvider } from './provider'
import { requestedApprovals } from './rich-authorization'

export type ApprovalRequest = { appName: string; approval: PaymentApproval }

/**
 * The payment an app asks this person to approve (RFC 9396
 * `authorization_details`), for the confirmation page that `returnTo` (an
 * interaction of lib/oidc/interaction.ts) sent them to: read from the
 * provider's own record of the request, never from the page's address, and
 * only for the person whose provider session the request belongs to.
 */
export async function approvalRequest(returnTo: string, userId: string): Promise<ApprovalRequest | null> {
  const uid = /^\/oidc\/interaction\/([A-Za-z0-9_-]{10,64})$/.exec(returnTo)?.[1]
  if (!uid) return null
  const provider = await oidcProvider()
  const interaction = await provider.Interaction.find(uid)
  if (!interaction || interaction.prompt.name !== 'login' || interaction.session?.accountId !== userId) return null
  const [approval] = requestedApprovals(interaction.params)
  if (!approval) return null
  const client = await provider.Client.find(String(interaction.params.client_id))
  return client ? { appName: client.clientName ?? client.clientId, approval } : null
}
