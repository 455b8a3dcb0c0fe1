'use client'

import type { ReactNode } from 'react'
import { StepUpError } from '@/components/forms/step-up-error'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import type { ActionState } from '@/lib/web/action-state'
import { Button } from '../ui/button'
import { TextField } from '../ui/field'
import { CodeField } from '../ui/code-field'
import { fillSlot, SLOT } from '../ui/slot'

/** The forms' own words, made on the server by addressFormLabels() (components/forms/address-form-labels.ts). */
export type AddressFormLabels = {
  /** "We sent a 6-digit code to SLOT. It expires in 10 minutes." */
  sent: string
  codeLabel: string
  checking: string
  sending: string
}

/** Until every page passes its reader's words, English. */
const ENGLISH: AddressFormLabels = {
  sent: `We sent a 6-digit code to ${SLOT}. It expires in 10 minutes.`,
  codeLabel: 'Code from that email',
  checking: 'Checking…',
  sending: 'Sending…',
}

type Props = {
  action: (form: FormData) => void
  state: ActionState<'email' | 'code'>
  pending: boolean
  /** The address the code went to. */
  address: string
  /** What happens once the code is in, after "It expires in 10 minutes." */
  outcome?: ReactNode
  id: string
  submitLabel: string
  testId: string
  returnTo: string
  labels?: AddressFormLabels
}

/** "We sent a 6-digit code to …": the form that takes the code back, for a backup address or a new sign-in address. */
export function AddressCodeForm({ action, state, pending, address, outcome, id, submitLabel, testId, returnTo, labels = ENGLISH }: Props) {
  const shown = (
    <span translate="no" dir="ltr" className="font-medium break-all">
      {address}
    </span>
  )
  return (
    <form action={action} noValidate className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid={testId}>
      <p className="text-sm">
        {fillSlot(labels.sent, shown)}
        {outcome ? <> {outcome}</> : null}
      </p>
      <CodeField
        id={id}
        label={labels.codeLabel}
        maxLength={32}
        defaultValue={state.status === 'error' ? state.values?.code : undefined}
        error={state.status === 'error' && state.field === 'code' ? state.message : undefined}
        className="max-w-xs"
      />
      <Button type="submit" disabled={pending}>
        {pending ? labels.checking : submitLabel}
      </Button>
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}

/** "Send a code to this address": the address to prove, for a backup address or a new sign-in address. */
export function AddressRequestForm(props: {
  action: (form: FormData) => void
  state: ActionState<'email' | 'code'>
  pending: boolean
  id: string
  label: string
  hint?: string
  submitLabel: string
  returnTo: string
  labels?: AddressFormLabels
}) {
  const { state, labels = ENGLISH } = props
  return (
    <form action={props.action} noValidate className="space-y-3">
      <TimeZoneInput />
      <TextField
        id={props.id}
        name="email"
        type="email"
        label={props.label}
        hint={props.hint}
        autoComplete="email"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        defaultValue={state.status === 'error' ? state.values?.email : undefined}
        error={state.status === 'error' && state.field === 'email' ? state.message : undefined}
        className="max-w-md"
      />
      <Button type="submit" variant="secondary" disabled={props.pending}>
        {props.pending ? labels.sending : props.submitLabel}
      </Button>
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={props.returnTo} /> : null}
    </form>
  )
}
