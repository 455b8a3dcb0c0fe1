'use client'

import { useActionState } from 'react'
import { confirmEmailChangeAction, sendEmailChangeCodeAction, type EmailChangeState } from '@/app/(account)/account/profile/actions'
import { StepUpError } from '@/components/recovery/step-up-error'
import { TimeZoneInput } from '@/components/sign-in/time-zone-input'
import { AddressCodeForm } from '@/components/ui/address-code-form'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const initial: EmailChangeState = { status: 'idle' }
const RETURN_TO = '/account/profile'

const fieldError = (state: EmailChangeState, field: 'email' | 'code') => (state.status === 'error' && state.field === field ? state.message : undefined)
const otherError = (state: EmailChangeState) => (state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null)

/** Change the sign-in address: a code to the new address, then that code here. */
export function EmailChangePanel({ email, pending }: { email: string; pending: string | null }) {
  const [sendState, send, sending] = useActionState(sendEmailChangeCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmEmailChangeAction, initial)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      <p className="text-sm">
        You sign in with <span className="font-medium break-all" data-testid="account-email">{email}</span>.
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
      <form action={send} noValidate className="space-y-3">
        <TimeZoneInput />
        <TextField
          id="new-email"
          name="email"
          type="email"
          label="New email address"
          hint="We’ll send a code there. Until you enter it, you keep signing in with your current address."
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={sendState.status === 'error' ? sendState.values?.email : undefined}
          error={fieldError(sendState, 'email')}
          className="max-w-md"
        />
        <Button type="submit" variant="secondary" disabled={sending}>
          {sending ? 'Sending…' : 'Send a code to the new address'}
        </Button>
        {otherError(sendState)}
      </form>
    </div>
  )
}
