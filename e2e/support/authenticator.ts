import type { CDPSession, Page } from '@playwright/test'

export type VirtualCredential = { credentialId: string; isResidentCredential: boolean; rpId?: string; userHandle?: string; signCount: number }

export type VirtualAuthenticator = {
  id: string
  credentials: () => Promise<VirtualCredential[]>
  removeCredential: (credentialId: string) => Promise<void>
  /** Whether the next ceremonies verify the user (fingerprint accepted) or not. */
  setUserVerified: (verified: boolean) => Promise<void>
  remove: () => Promise<void>
}

/**
 * A platform authenticator simulated by Chromium through the DevTools
 * protocol: it creates and uses passkeys without a person touching anything.
 */
export async function addVirtualAuthenticator(
  page: Page,
  options: {
    hasResidentKey?: boolean
    isUserVerified?: boolean
    automaticPresenceSimulation?: boolean
    backupEligible?: boolean
    /** "cable": a phone nearby over the hybrid transport, which the browser reports as cross-platform. */
    transport?: 'internal' | 'cable' | 'usb'
  } = {},
): Promise<VirtualAuthenticator> {
  const cdp: CDPSession = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: options.transport ?? 'internal',
      hasResidentKey: options.hasResidentKey ?? true,
      hasUserVerification: true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: options.automaticPresenceSimulation ?? true,
      // Backup eligible (BE flag): a synced passkey, as from a password manager; otherwise device-bound.
      ...(options.backupEligible ? { defaultBackupEligibility: true, defaultBackupState: true } : {}),
    },
  })
  return {
    id: authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
    removeCredential: async (credentialId) => {
      await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId })
    },
    setUserVerified: async (isUserVerified) => {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified })
    },
    remove: async () => {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
    },
  }
}
