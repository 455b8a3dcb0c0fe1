'use client'

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { useActionState, useState, type ReactNode } from 'react'
import { sendStepUpCodeAction, verifyStepUpCodeAction, type StepUpEmailState } from '@/app/(account)/account/confirm/actions'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'
import { ErrorText, FormMessage } from '@/components/ui/form-message'
import { usePasskeySupport } from '@/components/passkeys/capabilities'
import { ceremonyErrorMessage, postJson, type CeremonyMessages } from '@/components/passkeys/ceremony'
import { usePreparedOptions } from '@/components/passkeys/prepared-options'

const STEP_UP_OPTIONS = '/api/passkeys/step-up/options'

/**
 * "Use a passkey" to confirm it's you: only the signed-in user's own passkeys
 * are asked for. The options wait ready on the page, so the press opens the
 * browser's dialog at once (components/passkeys/prepared-options.ts).
 */
export function StepUpWithPasskey({
  returnTo,
  messages,
  labels,
}: {
  returnTo: string
  messages: CeremonyMessages
  labels: { confirm: string; waiting: string }
}) {
  const [error, setError] = useState<string | null>(null)
  const support = usePasskeySupport()
  const { prepared, take, done, refresh } = usePreparedOptions<PublicKeyCredentialRequestOptionsJSON>(
    support?.webauthn ? STEP_UP_OPTIONS : null,
    messages.unexpected,
  )

  function confirm() {
    setError(null)
    if (prepared.state === 'refused') {
      setError(prepared.message)
      return refresh()
    }
    const options = take()
    if (!options) return
    // Called in the press's own run, before anything is awaited: the browser still sees the gesture.
    void finish(startAuthentication({ optionsJSON: options }))
  }

  async function finish(ceremony: ReturnType<typeof startAuthentication>) {
    let response
    try {
      response = await ceremony
    } catch (caught) {
      setError(ceremonyErrorMessage(caught, messages))
      return done()
    }
    const verified = await postJson<{ redirectTo: string }>('/api/passkeys/step-up/verify', { response, returnTo }, messages.unexpected)
    if (verified.ok) return window.location.assign(verified.data.redirectTo)
    setError(verified.message)
    done()
  }

  if (support?.webauthn === false) return <p className="text-sm text-zinc-700 dark:text-zinc-300">{messages.unsupported}</p>
  const usable = prepared.state === 'ready' || prepared.state === 'refused'
  return (
    <div className="space-y-2">
      <Button className="w-full" onClick={confirm} disabled={!usable}>
        {usable ? labels.confirm : prepared.state === 'in-use' ? labels.waiting : messages.preparing}
      </Button>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}

const initial: StepUpEmailState = { status: 'idle' }

/** The email way's words, from the server (account.confirm); `send` names the address the code goes to. */
export type StepUpEmailLabels = { send: ReactNode; sendAgain: string; sending: string; code: string; checking: string; confirm: string }

/** "Email me a code" to confirm it's you: works without JavaScript. */
export function StepUpWithEmail({ returnTo, labels }: { returnTo: string; labels: StepUpEmailLabels }) {
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
          {sending ? labels.sending : sent ? labels.sendAgain : labels.send}
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
            label={labels.code}
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={verifyState.status === 'error' ? verifyState.message : undefined}
          />
          <Button type="submit" className="w-full" disabled={verifying}>
            {verifying ? labels.checking : labels.confirm}
          </Button>
        </form>
      ) : null}
    </div>
  )
}
