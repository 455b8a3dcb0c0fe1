import { WebAuthnError } from '@simplewebauthn/browser'

/**
 * A ceremony's words in the reader's language, made on the server (passkeyCeremonyMessages() in lib/errors.ts):
 * the button's label while its options are fetched and while the browser's dialog is open, the sentence a browser
 * without WebAuthn gets instead of the button, and failures the browser reports.
 */
export type CeremonyMessages = { preparing: string; waiting: string; unsupported: string; cancelled: string; exists: string; unexpected: string }

export type JsonAnswer<T> = { ok: true; data: T } | { ok: false; error: string; message: string; unknownCredentialId?: string }

/** POSTs JSON to one of our passkey endpoints; network trouble becomes an error answer, never a throw. */
export async function postJson<T>(url: string, body: unknown, unexpected: string): Promise<JsonAnswer<T>> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store' })
    const data = (await response.json()) as T & { error?: string; message?: string; unknownCredentialId?: string }
    if (response.ok) return { ok: true, data }
    return { ok: false, error: data.error ?? 'unexpected', message: data.message ?? unexpected, unknownCredentialId: data.unknownCredentialId }
  } catch {
    return { ok: false, error: 'unexpected', message: unexpected }
  }
}

/** Why the browser's part of a ceremony failed, in words; null when it was only aborted by a newer ceremony. */
export function ceremonyErrorMessage(error: unknown, messages: CeremonyMessages): string | null {
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_CEREMONY_ABORTED') return null
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return messages.exists
  }
  const name = error instanceof Error ? error.name : ''
  if (name === 'AbortError') return null
  if (name === 'InvalidStateError') return messages.exists
  // NotAllowedError covers "cancelled", "timed out" and "no passkey here": browsers don't tell them apart on purpose.
  if (name === 'NotAllowedError') return messages.cancelled
  return messages.unexpected
}
