import 'server-only'
import { oidcProvider } from './provider'

export type ConsentRequest = { appName: string; details: string[] }

/** What each scope shares, in plain words. */
const SCOPE_WORDS: Record<string, string> = {
  openid: 'That it’s you (an identifier that stays the same, not your email address)',
  email: 'Your email address, and whether it is confirmed',
  profile: 'Your name',
  groups: 'Your group in this organisation',
  offline_access: 'Staying signed in to the app until you remove its access',
}

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
  return { appName: client.clientName ?? client.clientId, details: [...scopes].filter((scope) => scope in SCOPE_WORDS).map((scope) => SCOPE_WORDS[scope]!) }
}
