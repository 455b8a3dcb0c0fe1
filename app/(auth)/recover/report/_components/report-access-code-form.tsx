'use client'

import { useActionState } from 'react'
import { reportAccessCodeAction, type ReportState } from '@/app/(auth)/recover/actions'
import { Button } from '@/components/ui/button'
import { ErrorText, FormMessage } from '@/components/ui/form-message'

const initial: ReportState = { status: 'idle' }

/** The button's words and the two outcomes, translated by the page. */
export type ReportLabels = { stop: string; stopping: string; stopped: string; inactive: string }

/** The one button of the report page; it works without JavaScript too. */
export function ReportAccessCodeForm({ token, labels }: { token: string; labels: ReportLabels }) {
  const [state, action, pending] = useActionState(reportAccessCodeAction, initial)
  if (state.status === 'reported') {
    return <FormMessage tone="success">{state.stopped ? labels.stopped : labels.inactive}</FormMessage>
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.stopping : labels.stop}
      </Button>
      {state.status === 'error' ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
