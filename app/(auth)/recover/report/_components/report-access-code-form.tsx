'use client'

import { useActionState } from 'react'
import { reportAccessCodeAction, type ReportState } from '@/app/(auth)/recover/actions'
import { Button } from '@/components/ui/button'
import { ErrorText, FormMessage } from '@/components/ui/form-message'

const initial: ReportState = { status: 'idle' }

/** The one button of the report page; it works without JavaScript too. */
export function ReportAccessCodeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(reportAccessCodeAction, initial)
  if (state.status === 'reported') {
    return (
      <FormMessage tone="success">
        {state.stopped ? 'Done: the code no longer works. ' : 'The code was no longer active. '}
        Your report is in your account’s security history. Tell your IT security team too, so they can find out who asked for it.
      </FormMessage>
    )
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Stopping…' : 'Stop the code'}
      </Button>
      {state.status === 'error' ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
