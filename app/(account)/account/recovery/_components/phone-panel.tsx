'use client'

import type { ReactNode } from 'react'
import { useActionState } from 'react'
import { confirmPhoneAction, removePhoneAction, sendPhoneCodeAction, type PhoneState } from '@/app/(account)/account/recovery/phone-actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const initial: PhoneState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

export type PhoneLabels = {
  none: string
  remove: string
  removing: string
  label: string
  hint: string
  send: string
  sending: string
  /** "We texted a 6-digit code to +44 •••• ••••56." */
  sent: string | null
  codeLabel: string
  confirm: string
  checking: string
}

type Props = {
  /** The verified number, masked, with when it was proven; null without one. */
  current: ReactNode | null
  /** Whether the code form shows: a code was texted from this browser. */
  pending: boolean
  /** Whether a number may be added or changed: the group allows texts and the session was confirmed just now. */
  canAdd: boolean
  canRemove: boolean
  labels: PhoneLabels
}

const otherError = (state: PhoneState) => (state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null)

/** The phone number for text-message codes: add (a code is texted to it), confirm with the code, remove. */
export function PhonePanel({ current, pending, canAdd, canRemove, labels }: Props) {
  const [sendState, send, sending] = useActionState(sendPhoneCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmPhoneAction, initial)
  const [removeState, remove, removing] = useActionState(removePhoneAction, initial)
  const fieldError = (state: PhoneState, field: 'phone' | 'code') => (state.status === 'error' && state.field === field ? state.message : undefined)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      {current ? (
        <form action={remove} className="flex flex-wrap items-center gap-3">
          <p className="text-sm" data-testid="phone-number">
            {current}
          </p>
          {canRemove ? (
            <Button type="submit" variant="ghost" disabled={removing}>
              {removing ? labels.removing : labels.remove}
            </Button>
          ) : null}
          {otherError(removeState)}
        </form>
      ) : (
        <p className="text-sm">{labels.none}</p>
      )}
      {pending && labels.sent && canAdd ? (
        <form action={confirm} noValidate className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="phone-pending">
          <p className="text-sm">{labels.sent}</p>
          <CodeField
            id="phone-code"
            label={labels.codeLabel}
            maxLength={32}
            defaultValue={confirmState.status === 'error' ? confirmState.values?.code : undefined}
            error={fieldError(confirmState, 'code')}
            className="max-w-xs"
          />
          <Button type="submit" disabled={confirming}>
            {confirming ? labels.checking : labels.confirm}
          </Button>
          {otherError(confirmState)}
        </form>
      ) : null}
      {canAdd ? (
        <form action={send} noValidate className="space-y-3">
          <TextField
            id="phone"
            name="phone"
            type="tel"
            label={labels.label}
            hint={labels.hint}
            autoComplete="tel"
            inputMode="tel"
            dir="ltr"
            maxLength={32}
            defaultValue={sendState.status === 'error' ? sendState.values?.phone : undefined}
            error={fieldError(sendState, 'phone')}
            className="max-w-xs"
          />
          <Button type="submit" variant="secondary" disabled={sending}>
            {sending ? labels.sending : labels.send}
          </Button>
          {otherError(sendState)}
        </form>
      ) : null}
    </div>
  )
}
