'use client'

import { useActionState } from 'react'
import { confirmEmailChangeAction, sendEmailChangeCodeAction, type EmailChangeState } from '@/app/(account)/account/profile/actions'
import { AddressCodeForm, AddressRequestForm } from '@/components/forms/address-code-form'
import { FormMessage } from '@/components/ui/form-message'

const initial: EmailChangeState = { status: 'idle' }
const RETURN_TO = '/account/profile'

/** Change the sign-in address: a code to the new address, then that code here. */
export function EmailChangePanel({ email, pending }: { email: string; pending: string | null }) {
  const [sendState, send, sending] = useActionState(sendEmailChangeCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmEmailChangeAction, initial)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      <p className="text-sm">
        You sign in with{' '}
        <span className="font-medium break-all" data-testid="account-email">
          {email}
        </span>
        .
      </p>
      {pending ? (
        <AddressCodeForm
          action={confirm}
          state={confirmState}
          pending={confirming}
          address={pending}
          outcome="Your address changes once you enter it."
          id="email-change-code"
          submitLabel="Change my email address"
          testId="email-change-pending"
          returnTo={RETURN_TO}
        />
      ) : null}
      <AddressRequestForm
        action={send}
        state={sendState}
        pending={sending}
        id="new-email"
        label="New email address"
        hint="We’ll send a code there. Until you enter it, you keep signing in with your current address."
        submitLabel="Send a code to the new address"
        returnTo={RETURN_TO}
      />
    </div>
  )
}
