'use client'

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { useActionState, useState } from 'react'
import { sendStepUpCodeAction, verifyStepUpCodeAction, type StepUpEmailState } from '@/app/(account)/account/confirm/actions'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import { useHydrated } from '@/components/ui/use-hydrated'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'
import { ErrorText, FormMessage } from '@/components/ui/form-message'
import { ceremonyErrorMessage, postJson, type CeremonyMessages } from '@/components/passkeys/ceremony'

/** "Use a passkey" to confirm it's you: only the signed-in user's own passkeys are asked for. */
export function StepUpWithPasskey({ returnTo, messages }: { returnTo: string; messages: CeremonyMessages }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const hydrated = useHydrated()

  async function confirm() {
    setError(null)
    setBusy(true)
    try {
      const options = await postJson<PublicKeyCredentialRequestOptionsJSON>('/api/passkeys/step-up/options', {}, messages.unexpected)
      if (!options.ok) return setError(options.message)
      let response
      try {
        response = await startAuthentication({ optionsJSON: options.data })
      } catch (caught) {
        return setError(ceremonyErrorMessage(caught, messages))
      }
      const verified = await postJson<{ redirectTo: string }>('/api/passkeys/step-up/verify', { response, returnTo }, messages.unexpected)
      if (!verified.ok) return setError(verified.message)
      window.location.assign(verified.data.redirectTo)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="space-y-2">
      <Button className="w-full" onClick={confirm} disabled={busy || !hydrated}>
        {busy ? 'Waiting for your passkey…' : 'Confirm with a passkey'}
      </Button>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}

const initial: StepUpEmailState = { status: 'idle' }

/** "Email me a code" to confirm it's you: works without JavaScript. */
export function StepUpWithEmail({ returnTo, email }: { returnTo: string; email: string }) {
  const [sendState, send, sending] = useActionState(sendStepUpCodeAction, initial)
  const [verifyState, verify, verifying] = useActionState(verifyStepUpCodeAction, initial)
  const [code, setCode] = useState('')
  const sent = sendState.status === 'sent'
  return (
    <div className="space-y-3">
      <form action={send}>
        <input type="hidden" name="returnTo" value={returnTo} />
        <TimeZoneInput />
        <Button type="submit" variant={sent ? 'ghost' : 'secondary'} className="w-full" disabled={sending}>
          {sending ? 'Sending…' : sent ? 'Send a new code' : `Email a code to ${email}`}
        </Button>
      </form>
      {sendState.status === 'error' ? <FormMessage tone="error">{sendState.message}</FormMessage> : null}
      {sent ? (
        <form action={verify} noValidate className="space-y-3">
          <FormMessage tone="info">{sendState.message}</FormMessage>
          <input type="hidden" name="returnTo" value={returnTo} />
          <CodeField
            large
            id="step-up-code"
            label="6-digit code"
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={verifyState.status === 'error' ? verifyState.message : undefined}
          />
          <Button type="submit" className="w-full" disabled={verifying}>
            {verifying ? 'Checking…' : 'Confirm'}
          </Button>
        </form>
      ) : null}
    </div>
  )
}
