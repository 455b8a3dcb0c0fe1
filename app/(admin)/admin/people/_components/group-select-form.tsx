'use client'

import { useActionState } from 'react'
import type { LifecycleState } from '@/app/(admin)/admin/people/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

type Props = {
  action: (state: LifecycleState, form: FormData) => Promise<LifecycleState>
  userId: string
  groups: { id: string; name: string }[]
  current: string
  returnTo: string
  labels: { group: string; change: string; moving: string }
}

/** Moves the person to another policy group. */
export function GroupSelectForm({ action, userId, groups, current, returnTo, labels }: Props) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' })
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor="person-group" className="block text-sm font-medium">
        {labels.group}
      </label>
      <select
        id="person-group"
        name="groupId"
        defaultValue={current}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-950"
      >
        {groups.map((group) => (
          <option key={group.id} value={group.id} translate="no">
            {group.name}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.moving : labels.change}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}
