'use client'

import {
  completeRecoveryAction,
  recoverWithEmailAction,
  redeemAccessCodeAction,
  requestRecoveryAction,
  verifyRecoveryEmailAction,
  type AccessCodeRedeemState,
  type RecoverCodeState,
  type RecoverEmailState,
  type RecoverFactorState,
} from '@/app/(auth)/recover/actions'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import { ActionForm } from '@/components/ui/action-form'
import { TextField } from '@/components/ui/field'
import { CodeField } from '@/components/ui/code-field'

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
  return (
    <ActionForm<RecoverEmailState> action={requestRecoveryAction} initial={idle} submitLabel="Email me a code" pendingLabel="Sending…">
      {(state) => (
        <>
          <TimeZoneInput />
          <AccountEmailField hint="The one you sign in with, or your backup email." defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
        </>
      )}
    </ActionForm>
  )
}

/** Step 1, continued: the code from that email. */
export function RecoverCodeForm() {
  return (
    <ActionForm<RecoverCodeState> action={verifyRecoveryEmailAction} initial={idle} submitLabel="Continue" pendingLabel="Checking…">
      {(state) => <CodeField large id="code" label="6-digit code" autoFocus defaultValue={state.values?.code} error={fieldMessage(state, 'code')} />}
    </ActionForm>
  )
}

/** Step 2: one of the factors the account set up earlier. */
export function RecoverFactorForm({ kind }: { kind: 'recovery_code' | 'totp' }) {
  return (
    <ActionForm<RecoverFactorState> action={completeRecoveryAction} initial={idle} submitLabel="Continue" pendingLabel="Checking…" className="space-y-3">
      {(state) => (
        <>
          <input type="hidden" name="kind" value={kind} />
          <CodeField
            id={kind === 'totp' ? 'totp-code' : 'recovery-code'}
            label={kind === 'totp' ? 'Code from your authenticator app' : 'Recovery code'}
            hint={kind === 'totp' ? '6 digits, as the app shows them now.' : 'Like K7QF-2M9D-X4TW-8HNC. Each code works once.'}
            format={kind === 'totp' ? 'digits' : 'words'}
            maxLength={64}
            defaultValue={state.values?.code}
            error={fieldMessage(state, 'code')}
            inputClassName="font-mono tracking-wider"
          />
        </>
      )}
    </ActionForm>
  )
}

/** A one-time access code from the helpdesk, with the address of the account it is for. */
export function AccessCodeForm() {
  return (
    <ActionForm<AccessCodeRedeemState> action={redeemAccessCodeAction} initial={idle} submitLabel="Continue" pendingLabel="Checking…">
      {(state) => (
        <>
          <AccountEmailField defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
          <CodeField
            format="words"
            id="access-code"
            label="Access code"
            hint="The code your helpdesk read out to you, like K7QF-2M9D-X4TW-8HNC."
            defaultValue={state.values?.code}
            error={fieldMessage(state, 'code')}
          />
        </>
      )}
    </ActionForm>
  )
}

/** Step 2 when the account's group lets the proven email alone recover it. */
export function RecoverWithEmailForm() {
  return (
    <ActionForm<RecoverFactorState> action={recoverWithEmailAction} initial={idle} submitLabel="Continue" pendingLabel="Checking…">
      {() => null}
    </ActionForm>
  )
}
