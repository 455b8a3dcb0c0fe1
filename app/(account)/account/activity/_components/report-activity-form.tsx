'use client'

import { useActionState, type ReactNode } from 'react'
import { reportActivityAction, type ReportState } from '@/app/(account)/account/activity/actions'
import { Button } from '@/components/ui/button'
import { StepUpError } from '@/components/forms/step-up-error'
import { FormMessage } from '@/components/ui/form-message'

const initial: ReportState = { status: 'idle' }

/** The form's words, translated by the page (no catalogue reaches the browser). */
export type ReportLabels = {
  open: string
  explain: string
  submit: string
  pending: string
  nextSteps: string
  /** The list items, with their links, rendered on the server. */
  reviewPasskeys: ReactNode
  newCodes: ReactNode
}

/**
 * "This wasn't me" on one history row. A disclosure first says what will
 * happen; afterwards the row lists the steps that secure the account.
 * `submitLabel` names the row's event for screen readers.
 */
export function ReportActivityForm({ eventId, submitLabel, labels }: { eventId: string; submitLabel: string; labels: ReportLabels }) {
  const [state, action, pending] = useActionState(reportActivityAction, initial)
  if (state.status === 'reported') {
    return (
      <div className="mt-3 space-y-2" data-testid="report-result">
        <FormMessage tone="success">{state.message}</FormMessage>
        <p className="text-sm font-medium">{labels.nextSteps}</p>
        <ol className="list-decimal space-y-1 ps-5 text-sm">
          <li>{labels.reviewPasskeys}</li>
          <li>{labels.newCodes}</li>
        </ol>
      </div>
    )
  }
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded font-medium text-red-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:text-red-400">
        {labels.open}
      </summary>
      <form action={action} className="mt-2 space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        <input type="hidden" name="eventId" value={eventId} />
        <p>{labels.explain}</p>
        <Button type="submit" variant="danger" disabled={pending} aria-label={submitLabel}>
          {pending ? labels.pending : labels.submit}
        </Button>
        {state.status === 'error' ? <StepUpError state={state} returnTo="/account/activity" /> : null}
      </form>
    </details>
  )
}
