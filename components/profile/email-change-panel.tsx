'use client'

import { useActionState } from 'react'
import { confirmEmailChangeAction, sendEmailChangeCodeAction, type EmailChangeState } from '@/app/(account)/account/profile/actions'
import { StepUpError } from '@/components/recovery/step-up-error'
import { TimeZoneInput } from '@/components/sign-in/time-zone-input'
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
        <form action={confirm} noValidate className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="email-change-pending">
          <p className="text-sm">
            We sent a 6-digit code to <span className="font-medium break-all">{pending}</span>. It expires in 10 minutes. Your address changes once you enter it.
          </p>
          <TextField
            id="email-change-code"
            name="code"
            label="Code from that email"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={32}
            required
            defaultValue={confirmState.status === 'error' ? confirmState.values?.code : undefined}
            error={fieldError(confirmState, 'code')}
            className="max-w-xs"
          />
          <Button type="submit" disabled={confirming}>
            {confirming ? 'Checking…' : 'Change my email address'}
          </Button>
          {otherError(confirmState)}
        </form>
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
