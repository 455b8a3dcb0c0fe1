'use client'

import { startAuthentication, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { useCallback, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { ErrorText } from '@/components/ui/form-message'
import { usePasskeySupport } from '@/components/passkeys/capabilities'
import { ceremonyErrorMessage, postJson, type CeremonyMessages } from '@/components/passkeys/ceremony'
import { refreshPasskeySignals, signalUnknownPasskey } from '@/components/passkeys/signals'
import { usePreparedOptions } from '@/components/passkeys/prepared-options'
import { KeyIcon } from '@/components/ui/key-icon'

const SIGN_IN_OPTIONS = '/api/passkeys/sign-in/options'

/** The ceremony's words and the button's, translated by the page. */
type Messages = CeremonyMessages & { notSupported: string; submit: string; pending: string; phoneHint: string }

/**
 * Passkey sign-in on the first screen, two ways, on one challenge fetched
 * before any press (components/passkeys/prepared-options.ts): autofill on
 * the email field (conditional mediation, where the browser offers it) and a
 * button for a modal request. The press starts the modal request at once,
 * which aborts the autofill one (SimpleWebAuthn runs one ceremony at a time)
 * and answers the same challenge. After a failure new options are fetched
 * and autofill starts again on them. A browser without WebAuthn gets a
 * sentence instead of the button; one that can use a phone nearby, a hint.
 * `lead`: this browser signed in with a passkey last time, so the button is
 * the page's main one.
 */
export function PasskeySignIn({ returnTo, lead = false, messages }: { returnTo: string | null; lead?: boolean; messages: Messages }) {
  const [error, setError] = useState<string | null>(null)
  const [verifying, setVerifying] = useState(false)
  const support = usePasskeySupport()
  const { prepared, take, done, refresh } = usePreparedOptions<PublicKeyCredentialRequestOptionsJSON>(
    support?.webauthn ? SIGN_IN_OPTIONS : null,
    messages.unexpected,
  )

  const verify = useCallback(
    async (response: AuthenticationResponseJSON, rpId: string | undefined) => {
      setVerifying(true)
      const verified = await postJson<{ redirectTo: string }>('/api/passkeys/sign-in/verify', { response, returnTo }, messages.unexpected)
      if (verified.ok) {
        // Before leaving: a passkey revoked since the last sign-in leaves the provider's list (Signal API).
        await refreshPasskeySignals()
        return window.location.assign(verified.data.redirectTo)
      }
      setVerifying(false)
      setError(verified.message)
      if (verified.unknownCredentialId && rpId) void signalUnknownPasskey(rpId, verified.unknownCredentialId)
      done()
    },
    [returnTo, messages, done],
  )

  useEffect(() => {
    if (!support?.autofill || prepared.state !== 'ready') return
    const options = prepared.options
    startAuthentication({ optionsJSON: options, useBrowserAutofill: true }).then(
      (response) => {
        take()
        void verify(response, options.rpId)
      },
      // Aborted (by the button, or by autofill on newer options) or nothing chosen: nothing to say.
      () => undefined,
    )
  }, [support?.autofill, prepared, take, verify])

  function onPress() {
    setError(null)
    if (prepared.state === 'refused') {
      setError(prepared.message)
      return refresh()
    }
    const options = take()
    if (!options) return
    // Called in the press's own run, before anything is awaited: the browser still sees the gesture.
    startAuthentication({ optionsJSON: options }).then(
      (response) => verify(response, options.rpId),
      (caught: unknown) => {
        setError(ceremonyErrorMessage(caught, messages))
        done()
      },
    )
  }

  if (support?.webauthn === false) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{messages.notSupported}</p>
  const usable = prepared.state === 'ready' || prepared.state === 'refused'
  return (
    <div className="space-y-3">
      <Button variant={lead ? 'primary' : 'secondary'} className="w-full" onClick={onPress} disabled={!usable}>
        <KeyIcon />
        {usable ? messages.submit : prepared.state !== 'in-use' ? messages.preparing : verifying ? messages.pending : messages.waiting}
      </Button>
      {support?.hybrid ? <p className="text-center text-xs text-zinc-500 dark:text-zinc-400">{messages.phoneHint}</p> : null}
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}
