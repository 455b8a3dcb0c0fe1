'use client'

import { useSyncExternalStore } from 'react'

/**
 * What this browser can do with passkeys, as it says itself; never guessed
 * from its user agent, which names engines that lack WebAuthn (WebKitGTK has
 * no PublicKeyCredential at all) as readily as ones that have it.
 * - webauthn: passkeys can be created and used at all;
 * - autofill: conditional mediation, passkeys offered in the email field's
 *   autofill (WebAuthn L3 §5.1.4.1 conditionalGet);
 * - hybrid: a phone nearby can answer (§5.8.4, transport "hybrid");
 * - platform: the device itself holds passkeys (a user-verifying platform authenticator).
 */
export type PasskeySupport = { webauthn: boolean; autofill: boolean; hybrid: boolean; platform: boolean }

type CapabilityApi = typeof PublicKeyCredential & {
  getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>
}

const NONE: PasskeySupport = { webauthn: false, autofill: false, hybrid: false, platform: false }

/**
 * Asks the browser. getClientCapabilities() (WebAuthn L3 §5.1.7) answers
 * everything at once; a browser without it still says whether it offers
 * autofill (isConditionalMediationAvailable, §5.1.6), and is not credited
 * with a phone it has not mentioned.
 */
async function detect(): Promise<PasskeySupport> {
  if (typeof window === 'undefined' || typeof window.PublicKeyCredential !== 'function' || !navigator.credentials) return NONE
  const api = window.PublicKeyCredential as CapabilityApi
  try {
    if (typeof api.getClientCapabilities === 'function') {
      const capabilities = await api.getClientCapabilities()
      return {
        webauthn: true,
        autofill: capabilities.conditionalGet === true,
        hybrid: capabilities.hybridTransport === true,
        platform: capabilities.passkeyPlatformAuthenticator === true || capabilities.userVerifyingPlatformAuthenticator === true,
      }
    }
    const autofill = typeof api.isConditionalMediationAvailable === 'function' && (await api.isConditionalMediationAvailable())
    const platform = typeof api.isUserVerifyingPlatformAuthenticatorAvailable === 'function' && (await api.isUserVerifyingPlatformAuthenticatorAvailable())
    return { webauthn: true, autofill, hybrid: false, platform }
  } catch {
    // A browser that fails to answer still has WebAuthn; it just gets no extras.
    return { webauthn: true, autofill: false, hybrid: false, platform: false }
  }
}

/**
 * Leaves the answer in a cookie of four bits (webauthn, platform, autofill,
 * hybrid), no account in it: the next sign-in stores it with its session for
 * the rollout dashboard (lib/auth/session/device-report.ts), at no cost.
 */
function report(support: PasskeySupport): PasskeySupport {
  const bits = [support.webauthn, support.platform, support.autofill, support.hybrid].map((bit) => (bit ? '1' : '0')).join('')
  // Over https it is Secure and host-only for the whole site, like every portal cookie (the __Host- prefix holds it to that).
  const https = window.location.protocol === 'https:'
  document.cookie = `${https ? '__Host-' : ''}portal.device=${bits}; Path=/; Max-Age=${30 * 24 * 3600}; SameSite=Lax${https ? '; Secure' : ''}`
  return support
}

let known: PasskeySupport | null = null
let asking: Promise<PasskeySupport> | null = null

function subscribe(changed: () => void): () => void {
  let current = true
  asking ??= detect().then((support) => (known = report(support)))
  void asking.then(() => current && changed())
  return () => {
    current = false
  }
}

/**
 * The browser's passkey support once it has answered; null on the server, while
 * the page hydrates and until the browser has answered (a moment).
 */
export function usePasskeySupport(): PasskeySupport | null {
  return useSyncExternalStore(
    subscribe,
    () => known,
    () => null,
  )
}
