'use client'

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import { useEffect, useState } from 'react'
import { useHydrated } from '@/components/ui/use-hydrated'
import { Button } from '@/components/ui/button'
import { ErrorText } from '@/components/ui/form-message'
import { ceremonyErrorMessage, postJson, signalRemovedPasskeys, type CeremonyMessages } from '@/components/passkeys/ceremony'
import { KeyIcon } from '@/components/ui/key-icon'

type Mode = 'autofill' | 'button'

type Messages = CeremonyMessages & { notSupported: string }

type Ceremony = {
  returnTo: string | null
  messages: Messages
  setError: (message: string | null) => void
  setBusy: (busy: boolean) => void
}

async function startAutofill(ceremony: Ceremony): Promise<void> {
  if (await browserSupportsWebAuthnAutofill()) await signInWithPasskey('autofill', ceremony)
}

/** One passkey sign-in attempt; after a failure the autofill request is started again so the field keeps offering passkeys. */
async function signInWithPasskey(mode: Mode, ceremony: Ceremony): Promise<void> {
  const { returnTo, messages, setError, setBusy } = ceremony
  const options = await postJson<PublicKeyCredentialRequestOptionsJSON>('/api/passkeys/sign-in/options', {}, messages.unexpected)
  if (!options.ok) {
    if (mode === 'button') setError(options.message)
    return
  }
  let response
  try {
    // Starting a ceremony aborts the one before it, so the button takes over from autofill.
    response = await startAuthentication({ optionsJSON: options.data, useBrowserAutofill: mode === 'autofill' })
  } catch (caught) {
    // Autofill ends quietly (aborted by the button, or nothing chosen); only a button press deserves an explanation.
    const message = mode === 'button' ? ceremonyErrorMessage(caught, messages) : null
    if (message) {
      setError(message)
      void startAutofill(ceremony)
    }
    return
  }
  setBusy(true)
  const verified = await postJson<{ redirectTo: string }>('/api/passkeys/sign-in/verify', { response, returnTo }, messages.unexpected)
  if (verified.ok) {
    window.location.assign(verified.data.redirectTo)
    return
  }
  setBusy(false)
  setError(verified.message)
  if (verified.unknownCredentialId && options.data.rpId) {
    void signalRemovedPasskeys({ rpId: options.data.rpId, unknownCredentialId: verified.unknownCredentialId })
  }
  void startAutofill(ceremony)
}

/**
 * Passkey sign-in on the first screen, two ways: autofill on the email field
 * (conditional mediation, started on load where supported) and a button for
 * a modal request. The button narrows the request to the typed address's
 * passkeys; the server answers the same way whether the account exists.
 */
export function PasskeySignIn({ returnTo, messages }: { returnTo: string | null; messages: Messages }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const hydrated = useHydrated()

  useEffect(() => {
    void startAutofill({ returnTo, messages, setError, setBusy })
  }, [returnTo, messages])

  async function onClick() {
    setError(null)
    if (!browserSupportsWebAuthn()) {
      setError(messages.notSupported)
      return
    }
    await signInWithPasskey('button', { returnTo, messages, setError, setBusy })
  }

  return (
    <div className="space-y-3">
      <Button variant="secondary" className="w-full" onClick={onClick} disabled={busy || !hydrated}>
        <KeyIcon />
        {busy ? 'Signing in…' : 'Sign in with a passkey'}
      </Button>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}
