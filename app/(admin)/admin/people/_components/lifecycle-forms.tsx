'use client'

import { useActionState } from 'react'
import type { LifecycleState } from '@/app/(admin)/admin/people/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button, type Variant } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const idle: LifecycleState = { status: 'idle' }

type Props = {
  action: (state: LifecycleState, form: FormData) => Promise<LifecycleState>
  fields: Record<string, string>
  label: string
  pendingLabel: string
  /** The button's accessible name when `label` alone is one of several alike ("Revoke “Work laptop”"); it begins with `label` (WCAG 2.5.3). */
  named?: string
  variant?: Variant
  /** Asks for the person's address typed out before something final, in the field `id`. */
  confirm?: { id: string; label: string }
  returnTo: string
}

/** One administrator action on a person: hidden ids, an optional typed confirmation, the outcome under it. */
export function LifecycleForm({ action, fields, label, pendingLabel, named, variant = 'secondary', confirm, returnTo }: Props) {
  const [state, formAction, pending] = useActionState(action, idle)
  return (
    <form action={formAction} noValidate className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirm ? (
        <TextField
          id={confirm.id}
          name="confirmation"
          label={confirm.label}
          autoComplete="off"
          defaultValue={state.status === 'error' ? state.values?.confirmation : undefined}
          error={state.status === 'error' && state.field === 'confirmation' ? state.message : undefined}
        />
      ) : null}
      <Button type="submit" variant={variant} disabled={pending} aria-label={pending ? undefined : named}>
        {pending ? pendingLabel : label}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}
