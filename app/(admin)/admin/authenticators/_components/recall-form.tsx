'use client'

import { useActionState } from 'react'
import type { RecallState } from '@/app/(admin)/admin/authenticators/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const idle: RecallState = { status: 'idle' }

type Props = {
  action: (state: RecallState, form: FormData) => Promise<RecallState>
  fields: Record<string, string>
  label: string
  pendingLabel: string
  /** The button's accessible name when several pages' forms look alike ("Tell holders of Test Key"); it begins with `label`. */
  named?: string
  /** A day to choose first (the day passkeys stop), with its label and the earliest day. */
  day?: { id: string; label: string; min: string }
  returnTo: string
}

/** One administrator action on a recall (or on the metadata): hidden ids, an optional day, the outcome under it. */
export function RecallForm({ action, fields, label, pendingLabel, named, day, returnTo }: Props) {
  const [state, formAction, pending] = useActionState(action, idle)
  return (
    <form action={formAction} noValidate className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {day ? (
        <TextField
          id={day.id}
          name="revokeOn"
          type="date"
          label={day.label}
          min={day.min}
          required
          defaultValue={state.status === 'error' ? state.values?.revokeOn : undefined}
          error={state.status === 'error' && state.field === 'revokeOn' ? state.message : undefined}
        />
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-label={pending ? undefined : named}>
        {pending ? pendingLabel : label}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}
