'use client'

import { useActionState, useState } from 'react'
import { requestTextSignInAction, type PhoneFormState } from '@/app/(auth)/sign-in/sms/actions'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'

const initial: PhoneFormState = { status: 'idle' }

export type PhoneFormLabels = { phone: string; hint: string; submit: string; pending: string }

/** Step 1 of signing in by text message: a plain form posting to a server action, so it works without JavaScript. */
export function PhoneForm({ returnTo, labels }: { returnTo: string | null; labels: PhoneFormLabels }) {
  const [state, action, pending] = useActionState(requestTextSignInAction, initial)
  const [phone, setPhone] = useState(state.values?.phone ?? '')
  return (
    <form action={action} noValidate className="space-y-4">
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <TextField
        id="phone"
        name="phone"
        type="tel"
        label={labels.phone}
        hint={labels.hint}
        autoComplete="tel"
        inputMode="tel"
        required
        autoFocus
        dir="ltr"
        value={phone}
        onChange={(event) => setPhone(event.target.value)}
        error={state.status === 'error' ? state.message : undefined}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  )
}
