'use client'

import { useActionState, type ReactNode } from 'react'
import { confirmEmailChangeAction, sendEmailChangeCodeAction, type EmailChangeState } from '@/app/(account)/account/profile/actions'
import { AddressCodeForm, AddressRequestForm, type AddressFormLabels } from '@/components/forms/address-code-form'
import { FormMessage } from '@/components/ui/form-message'

const initial: EmailChangeState = { status: 'idle' }
const RETURN_TO = '/account/profile'

/** The panel's words, from the server (account.profile.email); `current` is "You sign in with …" with the address in it. */
export type EmailChangeLabels = {
  current: ReactNode
  outcome: string
  submit: string
  newLabel: string
  newHint: string
  send: string
  form: AddressFormLabels
}

/** Change the sign-in address: a code to the new address, then that code here. */
export function EmailChangePanel({ pending, labels }: { pending: string | null; labels: EmailChangeLabels }) {
  const [sendState, send, sending] = useActionState(sendEmailChangeCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmEmailChangeAction, initial)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      <p className="text-sm">{labels.current}</p>
      {pending ? (
        <AddressCodeForm
          labels={labels.form}
          action={confirm}
          state={confirmState}
          pending={confirming}
          address={pending}
          outcome={labels.outcome}
          id="email-change-code"
          submitLabel={labels.submit}
          testId="email-change-pending"
          returnTo={RETURN_TO}
        />
      ) : null}
      <AddressRequestForm
        labels={labels.form}
        action={send}
        state={sendState}
        pending={sending}
        id="new-email"
        label={labels.newLabel}
        hint={labels.newHint}
        submitLabel={labels.send}
        returnTo={RETURN_TO}
      />
    </div>
  )
}
