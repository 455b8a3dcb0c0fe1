'use client'

import { useActionState } from 'react'
import { stopRecoveryByLinkAction, type StopRecoveryState } from '@/app/(auth)/recover/actions'
import { Button } from '@/components/ui/button'
import { ErrorText, FormMessage } from '@/components/ui/form-message'

const idle: StopRecoveryState = { status: 'idle' }

/** The notice's "Stop this recovery": nothing happens on opening the link, only on pressing the button. */
export function StopRecoveryForm({ token, labels }: { token: string; labels: { stop: string; stopping: string; stopped: string } }) {
  const [state, action, pending] = useActionState(stopRecoveryByLinkAction, idle)
  if (state.status === 'stopped') {
    return (
      <div data-testid="recovery-stop-result">
        <FormMessage tone="success">{labels.stopped}</FormMessage>
      </div>
    )
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.stopping : labels.stop}
      </Button>
      {state.status === 'error' ? (
        <div data-testid="recovery-stop-result">
          <ErrorText>{state.message}</ErrorText>
        </div>
      ) : null}
    </form>
  )
}
