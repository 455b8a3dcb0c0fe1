'use client'

import { useState } from 'react'
import { FormMessage } from '@/components/ui/form-message'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton, type CreatedPasskey } from '@/components/passkeys/create-passkey-button'
import { RenamePasskeyForm } from './passkey-item'

/** "Add a passkey", then a chance to name it (the default comes from the provider or the browser). */
export function AddPasskeyPanel({ messages, label = 'Add a passkey' }: { messages: CeremonyMessages; label?: string }) {
  const [created, setCreated] = useState<CreatedPasskey | null>(null)
  const [named, setNamed] = useState(false)
  return (
    <div className="space-y-3">
      <CreatePasskeyButton
        label={label}
        messages={messages}
        returnTo="/account/passkeys"
        onCreated={(passkey) => {
          setCreated(passkey)
          setNamed(false)
        }}
      />
      {created && !named ? (
        <div className="space-y-3 rounded-lg border border-emerald-200 p-3 dark:border-emerald-900" data-testid="passkey-created">
          <FormMessage tone="success">
            Passkey created{created.providerName ? ` in ${created.providerName}` : ''}. Next time, sign in with it instead of an email code.
          </FormMessage>
          <RenamePasskeyForm key={created.id} passkeyId={created.id} name={created.name} label="Name this passkey" onDone={() => setNamed(true)} />
        </div>
      ) : null}
    </div>
  )
}
