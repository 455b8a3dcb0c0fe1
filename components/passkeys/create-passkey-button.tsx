'use client'

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Button, type Variant } from '@/components/ui/button'
import { ErrorText } from '@/components/ui/form-message'
import { usePasskeySupport } from './capabilities'
import { ceremonyErrorMessage, postJson, type CeremonyMessages } from './ceremony'
import { usePreparedOptions } from './prepared-options'

export type CreatedPasskey = { id: string; name: string; providerName: string | null; synced: boolean }

const REGISTER_OPTIONS = '/api/passkeys/register/options'
const STEP_UP_CREATE = '/api/passkeys/step-up/create'

/** What follows a new passkey: `onCreated` on this page, or (`confirming`) the page the step-up it made was for. */
type Then = { onCreated: (passkey: CreatedPasskey) => void; confirming?: never } | { confirming: true; onCreated?: never }

/**
 * Creates a passkey in one press: the options wait ready on the page, so the
 * press opens the browser's dialog at once (prepared-options.ts), and the
 * server checks the answer. A session older than its confirmation window is
 * sent to "confirm it's you" first and comes back here. On the step-up page
 * (`confirming`), the new passkey is the confirmation and the browser goes
 * on to `returnTo`; there the page itself says what to do first. A browser
 * without WebAuthn gets a sentence instead of the button.
 */
export function CreatePasskeyButton({
  label,
  messages,
  variant = 'primary',
  returnTo,
  ...then
}: {
  label: string
  messages: CeremonyMessages
  variant?: Variant
  returnTo: string
} & Then) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const support = usePasskeySupport()
  const { prepared, take, done, refresh } = usePreparedOptions<PublicKeyCredentialCreationOptionsJSON>(
    support?.webauthn ? REGISTER_OPTIONS : null,
    messages.unexpected,
  )
  const confirmFirst = () => (then.confirming ? router.refresh() : router.push(`/account/confirm?returnTo=${encodeURIComponent(returnTo)}`))

  function create() {
    setError(null)
    if (prepared.state === 'refused') {
      if (prepared.error === 'step_up_required') return confirmFirst()
      setError(prepared.message)
      return refresh()
    }
    const options = take()
    if (!options) return
    // Called in the press's own run, before anything is awaited: the browser still sees the gesture.
    void finish(startRegistration({ optionsJSON: options }))
  }

  async function finish(ceremony: ReturnType<typeof startRegistration>) {
    let response
    try {
      response = await ceremony
    } catch (caught) {
      setError(ceremonyErrorMessage(caught, messages))
      return done()
    }
    if (then.confirming) {
      const confirmed = await postJson<{ redirectTo: string }>(STEP_UP_CREATE, { response, returnTo }, messages.unexpected)
      if (confirmed.ok) return window.location.assign(confirmed.data.redirectTo)
      return failed(confirmed)
    }
    const created = await postJson<{ passkey: CreatedPasskey }>('/api/passkeys/register/verify', { response }, messages.unexpected)
    if (!created.ok) return failed(created)
    then.onCreated(created.data.passkey)
    router.refresh()
    done()
  }

  function failed(answer: { error: string; message: string }) {
    done()
    // The confirmation window closed while the dialog was open.
    if (answer.error === 'step_up_required') return confirmFirst()
    setError(answer.message)
  }

  if (support?.webauthn === false) return <p className="text-sm text-zinc-700 dark:text-zinc-300">{messages.unsupported}</p>
  const usable = prepared.state === 'ready' || prepared.state === 'refused'
  return (
    <div className="space-y-2">
      <Button variant={variant} onClick={create} disabled={!usable}>
        {usable ? label : prepared.state === 'in-use' ? messages.waiting : messages.preparing}
      </Button>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}
