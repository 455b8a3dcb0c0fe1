'use client'

import { useActionState } from 'react'
import type { ReminderState } from '@/app/(admin)/admin/rollout/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

const idle: ReminderState = { status: 'idle' }

/** "Email them a reminder" for a group's people still to enrol, and what happened; its words come from the page. */
export function ReminderForm({
  action,
  groupId,
  returnTo,
  labels,
}: {
  action: (state: ReminderState, form: FormData) => Promise<ReminderState>
  groupId: string
  returnTo: string
  labels: { send: string; sending: string }
}) {
  const [state, formAction, pending] = useActionState(action, idle)
  return (
    <form action={formAction} className="mb-3 space-y-2">
      <input type="hidden" name="groupId" value={groupId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.sending : labels.send}
      </Button>
      <div aria-live="polite">
        {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
        {state.status === 'error' ? <StepUpError state={state} returnTo={returnTo} /> : null}
      </div>
    </form>
  )
}
