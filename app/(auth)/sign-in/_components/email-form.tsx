'use client'

import { useActionState, useState } from 'react'
import { requestSignInAction, type EmailFormState } from '@/app/(auth)/sign-in/actions'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { TimeZoneInput } from '@/components/forms/time-zone-input'

const initial: EmailFormState = { status: 'idle' }

export type EmailFormLabels = { email: string; placeholder: string; submit: string; pending: string }

/**
 * Step 1 of email sign-in. A plain form posting to a server action, so it
 * works before (or without) JavaScript; its words come translated from the page.
 * No `autoFocus` where the page leads with the passkey button instead.
 */
export function EmailForm({ returnTo, labels, autoFocus = true }: { returnTo: string | null; labels: EmailFormLabels; autoFocus?: boolean }) {
  const [state, action, pending] = useActionState(requestSignInAction, initial)
  const [email, setEmail] = useState(state.values?.email ?? '')
  const error = state.status === 'error' ? state.message : undefined
  return (
    <form action={action} noValidate className="space-y-4">
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <TimeZoneInput />
      <TextField
        id="email"
        name="email"
        type="email"
        label={labels.email}
        autoComplete="username webauthn"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus={autoFocus}
        dir="ltr"
        placeholder={labels.placeholder}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={error}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  )
}
