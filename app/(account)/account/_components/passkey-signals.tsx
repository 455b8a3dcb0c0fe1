'use client'

import { useEffect } from 'react'
import { refreshPasskeySignals } from '@/components/passkeys/signals'

/**
 * Hands the browser's passkey provider this person's passkeys and current
 * name and address (WebAuthn Signal API) when an account page loads, which
 * every sign-in lands on, and again when the name or address changes. Draws
 * nothing.
 */
export function PasskeySignals({ name, displayName }: { name: string; displayName: string | null }) {
  useEffect(() => {
    void refreshPasskeySignals()
  }, [name, displayName])
  return null
}
