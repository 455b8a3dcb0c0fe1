'use client'

import { useState } from 'react'
import { FormMessage } from '@/components/ui/form-message'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton, type CreatedPasskey } from '@/components/passkeys/create-passkey-button'
import { fillTemplate } from '@/app/(account)/account/_components/template'
import { RenamePasskeyForm } from './passkey-item'

/** The panel's words, from the server (account.passkeys); `createdIn` has the provider's name as a placeholder (../../_components/template.tsx). */
export type AddPasskeyLabels = { add: string; nameThis: string; created: string; createdIn: string; saving: string; saveName: string }

/** "Add a passkey", then a chance to name it (the default comes from the provider or the browser). */
export function AddPasskeyPanel({ messages, labels }: { messages: CeremonyMessages; labels: AddPasskeyLabels }) {
  const [created, setCreated] = useState<CreatedPasskey | null>(null)
  const [named, setNamed] = useState(false)
  return (
    // The target of the enrolment link password managers find at /.well-known/passkey-endpoints.
    <div id="add-passkey" className="space-y-3">
      <CreatePasskeyButton
        label={labels.add}
        messages={messages}
        returnTo="/account/passkeys"
        onCreated={(passkey) => {
          setCreated(passkey)
          setNamed(false)
        }}
      />
      {created && !named ? (
        <div className="space-y-3 rounded-lg border border-emerald-200 p-3 dark:border-emerald-900" data-testid="passkey-created">
          <FormMessage tone="success">{created.providerName ? fillTemplate(labels.createdIn, created.providerName) : labels.created}</FormMessage>
          <RenamePasskeyForm
            key={created.id}
            passkeyId={created.id}
            name={created.name}
            label={labels.nameThis}
            labels={labels}
            onDone={() => setNamed(true)}
          />
        </div>
      ) : null}
    </div>
  )
}
