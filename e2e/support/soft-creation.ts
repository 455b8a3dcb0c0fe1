import type { Page } from '@playwright/test'
import { createSoftPasskey, softRegistrationResponse, type SoftAttestation } from '../../testing/soft-authenticator'

/** What the next passkey the page creates claims to be, and how it proves it. */
export type NextAuthenticator = { aaguid: string; attestation: SoftAttestation }

/**
 * Stands the suite's software authenticator in for the browser's own when a
 * page creates a passkey: Chromium's virtual authenticator cannot attest with
 * a chain to a root of ours (its certificate is self-signed), so
 * navigator.credentials.create answers with the software authenticator's
 * bytes, built in the test process (testing/soft-authenticator.ts) for the
 * challenge, relying party and origin the page asked with. `next` is read at
 * each creation, so a test changes it between attempts.
 */
export async function createPasskeysWith(page: Page, next: NextAuthenticator): Promise<void> {
  await page.exposeFunction('__portalSoftCreate', (input: { challenge: string; rpId: string; origin: string }) =>
    softRegistrationResponse(createSoftPasskey('soft-e2e'), { ...input, aaguid: next.aaguid, attestation: next.attestation }),
  )
  await page.addInitScript(() => {
    type Created = { id: string; rawId: string; response: { clientDataJSON: string; attestationObject: string } }
    const holder = window as unknown as { __portalSoftCreate: (input: { challenge: string; rpId: string; origin: string }) => Promise<Created> }
    const toBase64Url = (buffer: BufferSource) => {
      const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      return btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    }
    const toBuffer = (base64url: string) => {
      const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
      const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
      return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0)).buffer
    }
    navigator.credentials.create = async (options) => {
      const key = options?.publicKey
      if (!key) return null
      const created = await holder.__portalSoftCreate({ challenge: toBase64Url(key.challenge), rpId: key.rp.id ?? location.hostname, origin: location.origin })
      // Only what @simplewebauthn/browser reads of a PublicKeyCredential.
      return {
        id: created.id,
        rawId: toBuffer(created.rawId),
        type: 'public-key',
        authenticatorAttachment: 'cross-platform',
        response: {
          clientDataJSON: toBuffer(created.response.clientDataJSON),
          attestationObject: toBuffer(created.response.attestationObject),
          getTransports: () => ['usb'],
        },
        getClientExtensionResults: () => ({}),
      } as unknown as Credential
    }
  })
}
