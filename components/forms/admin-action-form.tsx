'use client'

import { useActionState } from 'react'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button, type Variant } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import type { ActionState } from '@/lib/web/action-state'

type Props<Field extends string> = {
  action: (state: ActionState<Field>, form: FormData) => Promise<ActionState<Field>>
  fields: Record<string, string>
  label: string
  pendingLabel: string
  /** The button's accessible name when `label` alone is one of several alike ("Revoke “Work laptop”"); it begins with `label` (WCAG 2.5.3). */
  named?: string
  variant?: Variant
  /** One field to fill in first: an address typed out before something final, or a day. */
  input?: { id: string; name: Field; label: string; type?: 'text' | 'date'; min?: string }
  returnTo: string
}

/** One administrator action on a record: hidden ids, an optional field, the outcome under it. */
export function AdminActionForm<Field extends string>({ action, fields, label, pendingLabel, named, variant = 'secondary', input, returnTo }: Props<Field>) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' } as ActionState<Field>)
  return (
    <form action={formAction} noValidate className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {input ? (
        <TextField
          id={input.id}
          name={input.name}
          type={input.type ?? 'text'}
          label={input.label}
          min={input.min}
          autoComplete="off"
          defaultValue={state.status === 'error' ? state.values?.[input.name] : undefined}
          error={state.status === 'error' && state.field === input.name ? state.message : undefined}
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
