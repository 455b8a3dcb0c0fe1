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

/** The words of the recovery forms, translated by the page (app/(auth)/recover/_components/form-labels.ts). */
export type RecoverFormLabels = {
  emailLabel: string
  emailHint: string
  sendCode: string
  sending: string
  continue: string
  checking: string
  emailedCodeLabel: string
  recoveryCodeLabel: string
  recoveryCodeHint: string
  totpLabel: string
  totpHint: string
  accessCodeLabel: string
  accessCodeHint: string
}

type Labelled = { labels: RecoverFormLabels }

const idle = { status: 'idle' } as const

const fieldMessage = (state: { status: string; field?: string; message?: string }, field: string) =>
  state.status === 'error' && state.field === field ? state.message : undefined

/** The address of the account being recovered, as both ways in ask for it. Addresses read left to right in every language. */
function AccountEmailField({ label, hint, defaultValue, error }: { label: string; hint?: string; defaultValue?: string; error?: string }) {
  return (
    <TextField
      id="email"
      name="email"
      type="email"
      dir="ltr"
      label={label}
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
export function RecoverEmailForm({ labels }: Labelled) {
  return (
    <ActionForm<RecoverEmailState> action={requestRecoveryAction} initial={idle} submitLabel={labels.sendCode} pendingLabel={labels.sending}>
      {(state) => (
        <>
          <TimeZoneInput />
          <AccountEmailField label={labels.emailLabel} hint={labels.emailHint} defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
        </>
      )}
    </ActionForm>
  )
}

/** Step 1, continued: the code from that email. */
export function RecoverCodeForm({ labels }: Labelled) {
  return (
    <ActionForm<RecoverCodeState> action={verifyRecoveryEmailAction} initial={idle} submitLabel={labels.continue} pendingLabel={labels.checking}>
      {(state) => (
        <CodeField large dir="ltr" id="code" label={labels.emailedCodeLabel} autoFocus defaultValue={state.values?.code} error={fieldMessage(state, 'code')} />
      )}
    </ActionForm>
  )
}

/** Step 2: one of the factors the account set up earlier, or both (an account that chose passkeys only). */
export function RecoverFactorForm({ kind, labels }: Labelled & { kind: 'recovery_code' | 'totp' | 'recovery_code_and_totp' }) {
  return (
    <ActionForm<RecoverFactorState>
      action={completeRecoveryAction}
      initial={idle}
      submitLabel={labels.continue}
      pendingLabel={labels.checking}
      className="space-y-3"
    >
      {(state) => (
        <>
          <input type="hidden" name="kind" value={kind} />
          <CodeField
            id={kind === 'totp' ? 'totp-code' : 'recovery-code'}
            dir="ltr"
            label={kind === 'totp' ? labels.totpLabel : labels.recoveryCodeLabel}
            hint={kind === 'totp' ? labels.totpHint : labels.recoveryCodeHint}
            format={kind === 'totp' ? 'digits' : 'words'}
            maxLength={64}
            defaultValue={state.values?.code}
            error={fieldMessage(state, 'code')}
            inputClassName="font-mono tracking-wider"
          />
          {kind === 'recovery_code_and_totp' ? (
            <CodeField
              id="totp-code"
              name="totp"
              dir="ltr"
              label={labels.totpLabel}
              hint={labels.totpHint}
              format="digits"
              maxLength={16}
              inputClassName="font-mono tracking-wider"
            />
          ) : null}
        </>
      )}
    </ActionForm>
  )
}

/** A one-time access code from the helpdesk, with the address of the account it is for. */
export function AccessCodeForm({ labels }: Labelled) {
  return (
    <ActionForm<AccessCodeRedeemState> action={redeemAccessCodeAction} initial={idle} submitLabel={labels.continue} pendingLabel={labels.checking}>
      {(state) => (
        <>
          <AccountEmailField label={labels.emailLabel} defaultValue={state.values?.email} error={fieldMessage(state, 'email')} />
          <CodeField
            format="words"
            dir="ltr"
            id="access-code"
            label={labels.accessCodeLabel}
            hint={labels.accessCodeHint}
            defaultValue={state.values?.code}
            error={fieldMessage(state, 'code')}
          />
        </>
      )}
    </ActionForm>
  )
}

/** Step 2 when the account's group lets the proven email alone recover it. */
export function RecoverWithEmailForm({ labels }: Labelled) {
  return (
    <ActionForm<RecoverFactorState> action={recoverWithEmailAction} initial={idle} submitLabel={labels.continue} pendingLabel={labels.checking}>
      {() => null}
    </ActionForm>
  )
}
