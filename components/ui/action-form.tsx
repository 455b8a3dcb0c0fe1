'use client'

import { useActionState, type ReactNode } from 'react'
import { Button } from './button'
import { ErrorText } from './form-message'

/** The part of an action's state this form reads: an error without a field is shown under the button. */
type FormState = { status: string; message?: string; field?: string }

type Props<State extends FormState> = {
  action: (state: State, form: FormData) => Promise<State>
  initial: State
  submitLabel: string
  /** What the button says while the action runs ("Checking…"). */
  pendingLabel: string
  className?: string
  /** The form's fields, given the action's latest state (to keep what was typed and show field errors). */
  children: (state: State) => ReactNode
}

/**
 * A form that posts to a server action and works before (or without)
 * JavaScript: its fields, one full-width submit button that says what is
 * happening, and the action's error that belongs to no field.
 */
export function ActionForm<State extends FormState>({ action, initial, submitLabel, pendingLabel, className = 'space-y-4', children }: Props<State>) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, initial as Awaited<State>)
  return (
    <form action={formAction} noValidate className={className}>
      {children(state)}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      {state.status === 'error' && !state.field ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
