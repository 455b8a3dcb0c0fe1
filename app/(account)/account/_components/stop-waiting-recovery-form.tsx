'use client'

import { useActionState } from 'react'
import { stopWaitingRecoveryAction, type StopWaitingRecoveryState } from '@/app/(account)/account/actions'
import { Button } from '@/components/ui/button'
import { ErrorText, FormMessage } from '@/components/ui/form-message'

const idle: StopWaitingRecoveryState = { status: 'idle' }

/** The banner's words and its one button; after stopping it says so in place. */
export function StopWaitingRecoveryForm({ text, labels }: { text: string; labels: { ifNotYou: string; stop: string; stopping: string; stopped: string } }) {
  const [state, action, pending] = useActionState(stopWaitingRecoveryAction, idle)
  if (state.status === 'stopped') {
    return (
      <div className="mb-6" data-testid="waiting-recovery-stopped">
        <FormMessage tone="success">{labels.stopped}</FormMessage>
      </div>
    )
  }
  return (
    <form
      action={action}
      role="alert"
      className="mb-6 space-y-3 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-100"
      data-testid="waiting-recovery-banner"
    >
      <p>
        {text} <strong className="font-semibold">{labels.ifNotYou}</strong>
      </p>
      <Button type="submit" disabled={pending}>
        {pending ? labels.stopping : labels.stop}
      </Button>
      {state.status === 'error' ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
