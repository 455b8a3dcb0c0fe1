'use client'

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useHydrated } from '@/components/ui/use-hydrated'
import { Button, type Variant } from '@/components/ui/button'
import { ErrorText } from '@/components/ui/form-message'
import { ceremonyErrorMessage, postJson, type CeremonyMessages } from './ceremony'

export type CreatedPasskey = { id: string; name: string; providerName: string | null; synced: boolean }

/**
 * Creates a passkey in one press: options, the browser's dialog, then the
 * server's check. A session older than 10 minutes is sent to "confirm it's
 * you" first and comes back here.
 */
export function CreatePasskeyButton({
  label,
  messages,
  variant = 'primary',
  returnTo,
  onCreated,
}: {
  label: string
  messages: CeremonyMessages
  variant?: Variant
  returnTo: string
  onCreated: (passkey: CreatedPasskey) => void
}) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const hydrated = useHydrated()

  async function create() {
    setError(null)
    setBusy(true)
    try {
      const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/api/passkeys/register/options', {}, messages.unexpected)
      if (!options.ok) {
        if (options.error === 'step_up_required') {
          router.push(`/account/confirm?returnTo=${encodeURIComponent(returnTo)}`)
          return
        }
        setError(options.message)
        return
      }
      let response
      try {
        response = await startRegistration({ optionsJSON: options.data })
      } catch (caught) {
        setError(ceremonyErrorMessage(caught, messages))
        return
      }
      const created = await postJson<{ passkey: CreatedPasskey }>('/api/passkeys/register/verify', { response }, messages.unexpected)
      if (!created.ok) {
        setError(created.message)
        return
      }
      onCreated(created.data.passkey)
      router.refresh()
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="space-y-2">
      <Button variant={variant} onClick={create} disabled={busy || !hydrated}>
        {busy ? 'Waiting for your device…' : label}
      </Button>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  )
}
