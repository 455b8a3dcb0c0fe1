/**
 * WebAuthn Signal API (§5.1.10): hints to the browser's passkey provider so
 * its list matches ours. A passkey we no longer hold stops being offered
 * (unknown credential, all accepted credentials); a new name or address shows
 * up in the provider's list (current user details). Every method is used only
 * where the browser has it, and a provider that refuses a hint changes nothing
 * for us: failures are ignored.
 */

import type { PasskeySignals } from '@/lib/auth/passkeys/signals'

type SignalApi = {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>
  signalAllAcceptedCredentials?: (options: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => Promise<void>
  signalCurrentUserDetails?: (options: { rpId: string; userId: string; name: string; displayName: string }) => Promise<void>
}

const SIGNALS_ROUTE = '/api/passkeys/signals'
/** A sign-in waits for the signals before it leaves the page: never for long. Offline or signed out meanwhile, the next account page tries again. */
const ASK_WITHIN_MS = 2_000

function signalApi(): SignalApi | null {
  return typeof PublicKeyCredential === 'undefined' ? null : (PublicKeyCredential as unknown as SignalApi)
}

async function hint(send: (() => Promise<void>) | null): Promise<void> {
  try {
    await send?.()
  } catch {
    // A hint the provider refuses (no passkeys of ours in it, say) changes nothing for us.
  }
}

/** A passkey the server does not know (a failed sign-in with it): the provider may hide or delete it. */
export async function signalUnknownPasskey(rpId: string, credentialId: string): Promise<void> {
  const api = signalApi()
  await hint(api?.signalUnknownCredential ? () => api.signalUnknownCredential!({ rpId, credentialId }) : null)
}

/** Which passkeys of this person we hold, and their current name and address. */
export async function signalPasskeyList(signals: PasskeySignals): Promise<void> {
  const api = signalApi()
  const { rpId, userId, name, displayName, acceptedCredentialIds } = signals
  await hint(
    api?.signalAllAcceptedCredentials ? () => api.signalAllAcceptedCredentials!({ rpId, userId, allAcceptedCredentialIds: acceptedCredentialIds }) : null,
  )
  await hint(api?.signalCurrentUserDetails ? () => api.signalCurrentUserDetails!({ rpId, userId, name, displayName }) : null)
}

/**
 * Asks the server for the signed-in person's signals and hands them to the
 * browser: after a sign-in (so a passkey an administrator revoked goes at the
 * person's next sign-in) and on the account pages (after a change of name or
 * address). A browser without the list signals asks nothing.
 */
export async function refreshPasskeySignals(): Promise<void> {
  const api = signalApi()
  if (!api?.signalAllAcceptedCredentials && !api?.signalCurrentUserDetails) return
  const send = async () => {
    const response = await fetch(SIGNALS_ROUTE, { cache: 'no-store', signal: AbortSignal.timeout(ASK_WITHIN_MS) })
    if (response.ok) await signalPasskeyList((await response.json()) as PasskeySignals)
  }
  // The whole of it, the provider's answers included, within the bound: a provider that never answers holds no sign-in.
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, ASK_WITHIN_MS))
  await Promise.race([send().catch(() => undefined), deadline])
}
