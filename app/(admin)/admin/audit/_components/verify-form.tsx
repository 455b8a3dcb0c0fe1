'use client'

import { useActionState } from 'react'
import type { VerifyState } from '@/app/(admin)/admin/audit/actions'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

const idle: VerifyState = { status: 'idle' }

/** The "Verify the log" button and its answer. */
export function VerifyLogForm({
  action,
  labels,
}: {
  action: (state: VerifyState, form: FormData) => Promise<VerifyState>
  labels: { verify: string; verifying: string }
}) {
  const [state, formAction, pending] = useActionState(action, idle)
  return (
    <form action={formAction} className="space-y-3">
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.verifying : labels.verify}
      </Button>
      <div aria-live="polite">
        {state.status === 'verified' ? <FormMessage tone={state.ok ? 'success' : 'error'}>{state.message}</FormMessage> : null}
        {state.status === 'error' ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      </div>
    </form>
  )
}
