'use client'

import { useActionState } from 'react'
import type { ResolveState } from '@/app/(admin)/admin/reports/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

const idle: ResolveState = { status: 'idle' }

/** A note and "Mark resolved" for one open report. */
export function ResolveReportForm({
  action,
  reportId,
  labels,
}: {
  action: (state: ResolveState, form: FormData) => Promise<ResolveState>
  reportId: string
  labels: { note: string; resolve: string; saving: string }
}) {
  const [state, formAction, pending] = useActionState(action, idle)
  const noteError = state.status === 'error' && state.field === 'note' ? state.message : undefined
  return (
    <form action={formAction} noValidate className="mt-2 space-y-2">
      <input type="hidden" name="reportId" value={reportId} />
      <label htmlFor={`note-${reportId}`} className="block text-sm font-medium">
        {labels.note}
      </label>
      <textarea
        id={`note-${reportId}`}
        name="note"
        rows={2}
        maxLength={500}
        defaultValue={state.status === 'error' ? state.values?.note : undefined}
        aria-invalid={noteError ? true : undefined}
        aria-describedby={noteError ? `note-${reportId}-error` : undefined}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
      />
      {noteError ? (
        <p id={`note-${reportId}-error`} className="text-sm text-red-700 dark:text-red-400">
          {noteError}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : labels.resolve}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo="/admin/reports" /> : null}
    </form>
  )
}
