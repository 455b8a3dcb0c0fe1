import 'server-only'
import { relyingParty, userHandleFor } from './webauthn'

/**
 * What a signed-in browser tells its passkey provider (WebAuthn Signal API,
 * §5.1.10): which of this person's passkeys we still hold, so a removed or
 * revoked one stops being offered, and their current name and address, so the
 * provider's list shows them as the account page does. The user handle, name
 * and display name are the ones registration gives (./registration.ts).
 */
export type PasskeySignals = {
  rpId: string
  userId: string
  name: string
  displayName: string
  acceptedCredentialIds: string[]
}

export type SignalledUser = { id: string; email: string; displayName: string | null }

/** The signals for this person, with the credential IDs of the passkeys we hold for them. */
export function signalsOf(user: SignalledUser, acceptedCredentialIds: string[]): PasskeySignals {
  return { rpId: relyingParty().id, userId: userHandleFor(user.id), name: user.email, displayName: user.displayName ?? user.email, acceptedCredentialIds }
}
