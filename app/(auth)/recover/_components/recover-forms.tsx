'use client'

import { useActionState } from 'react'
import {
  completeRecoveryAction,
  redeemAccessCodeAction,
  requestRecoveryAction,
  verifyRecoveryEmailAction,
  type AccessCodeRedeemState,
  type RecoverCodeState,
  type RecoverEmailState,
  type RecoverFactorState,
} from '@/app/(auth)/recover/actions'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { ErrorText } from '@/components/ui/form-message'

const idle = { status: 'idle' } as const

const fieldMessage = (state: { status: string; field?: string; message?: string }, field: string) =>
  state.status === 'error' && state.field === field ? state.message : undefined

/** The address of the account being recovered, as both ways in ask for it. */
function AccountEmailField({ hint, defaultValue, error }: { hint?: string; defaultValue?: string; error?: string }) {
  return (
    <TextField
      id="email"
      name="email"
      type="email"
      label="Your email address"
      hint={hint}
      autoComplete="username"
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
      required
      autoFocus
      defaultValue={defaultValue}
      error={error}
    />
  )
}

/** Step 1: the address to send a code to. Works without JavaScript. */
export function RecoverEmailForm() {
  const [state, action, pending] = useActionState<RecoverEmailState, FormData>(requestRecoveryAction, idle)
  return (
    <form action={action} noValidate className="space-y-4">
      <TimeZoneInput />
      <AccountEmailField hint="The one you sign in with, or your backup email." defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : 'Email me a code'}
      </Button>
      {state.status === 'error' && !state.field ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}

/** Step 1, continued: the code from that email. */
export function RecoverCodeForm() {
  const [state, action, pending] = useActionState<RecoverCodeState, FormData>(verifyRecoveryEmailAction, idle)
  return (
    <form action={action} noValidate className="space-y-4">
      <TextField
        id="code"
        name="code"
        label="6-digit code"
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={12}
        required
        autoFocus
        defaultValue={state.values?.code}
        error={fieldMessage(state, 'code')}
        inputClassName="text-center font-mono text-2xl tracking-[0.4em]"
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Checking…' : 'Continue'}
      </Button>
      {state.status === 'error' && !state.field ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}

/** Step 2: one of the factors the account set up earlier. */
export function RecoverFactorForm({ kind }: { kind: 'recovery_code' | 'totp' }) {
  const [state, action, pending] = useActionState<RecoverFactorState, FormData>(completeRecoveryAction, idle)
  const id = kind === 'totp' ? 'totp-code' : 'recovery-code'
  return (
    <form action={action} noValidate className="space-y-3">
      <input type="hidden" name="kind" value={kind} />
      <TextField
        id={id}
        name="code"
        label={kind === 'totp' ? 'Code from your authenticator app' : 'Recovery code'}
        hint={kind === 'totp' ? '6 digits, as the app shows them now.' : 'Like K7QF-2M9D-X4TW-8HNC. Each code works once.'}
        autoComplete="one-time-code"
        inputMode={kind === 'totp' ? 'numeric' : 'text'}
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={64}
        required
        defaultValue={state.values?.code}
        error={fieldMessage(state, 'code')}
        inputClassName="font-mono tracking-wider"
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Checking…' : 'Continue'}
      </Button>
      {state.status === 'error' && !state.field ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}

/** A one-time access code from the helpdesk, with the address of the account it is for. */
export function AccessCodeForm() {
  const [state, action, pending] = useActionState<AccessCodeRedeemState, FormData>(redeemAccessCodeAction, idle)
  return (
    <form action={action} noValidate className="space-y-4">
      <AccountEmailField defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
      <TextField
        id="access-code"
        name="code"
        label="Access code"
        hint="The code your helpdesk read out to you, like K7QF-2M9D-X4TW-8HNC."
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={64}
        required
        defaultValue={state.values?.code}
        error={fieldMessage(state, 'code')}
        inputClassName="font-mono tracking-wider"
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Checking…' : 'Continue'}
      </Button>
      {state.status === 'error' && !state.field ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
