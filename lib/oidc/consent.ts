import 'server-only'
import { oidcProvider } from './provider'

/** The scopes the consent page words (messages/<locale>/demo.json, consent.scopes): what each one shares. */
export const CONSENT_SCOPES = ['openid', 'email', 'profile', 'groups', 'offline_access'] as const
export type ConsentScope = (typeof CONSENT_SCOPES)[number]

export type ConsentRequest = { appName: string; scopes: ConsentScope[] }

const isConsentScope = (scope: string): scope is ConsentScope => (CONSENT_SCOPES as readonly string[]).includes(scope)

/**
 * What an app asks the signed-in person to share, for the consent page;
 * null unless the interaction waits for this person's consent.
 */
export async function consentRequest(uid: string, userId: string): Promise<ConsentRequest | null> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(uid)) return null
  const provider = await oidcProvider()
  const interaction = await provider.Interaction.find(uid)
  if (!interaction || interaction.prompt.name !== 'consent' || interaction.session?.accountId !== userId) return null
  const client = await provider.Client.find(String(interaction.params.client_id))
  if (!client) return null
  const missing = (interaction.prompt.details as { missingOIDCScope?: string[] }).missingOIDCScope ?? []
  const scopes = new Set(['openid', ...missing])
  return { appName: client.clientName ?? client.clientId, scopes: [...scopes].filter(isConsentScope) }
}
