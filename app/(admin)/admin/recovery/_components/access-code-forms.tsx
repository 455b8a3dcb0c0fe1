'use client'

import { useActionState } from 'react'
import { approveAccessCodeAction, issueAccessCodeAction, type AccessCodeState } from '@/app/(admin)/admin/recovery/actions'
import { Button } from '@/components/ui/button'
import { ErrorText, FormMessage } from '@/components/ui/form-message'

const initial: AccessCodeState = { status: 'idle' }

/** The forms' words, translated on the server (app/(admin)/admin/recovery/page.tsx). */
export type AccessCodeLabels = {
  checks: string
  words: string
  placeholder: string
  validFor: string
  /** "1 hour", "4 hours"…, by the number of hours. */
  hours: Record<string, string>
  issue: string
  askApproval: string
  issuing: string
  approve: string
  approving: string
}

/** The code, once, for the agent to read out; the action said until when, on the agent's clock. */
function IssuedCode({ state }: { state: Extract<AccessCodeState, { status: 'issued' }> }) {
  return (
    <div className="space-y-2" data-testid="issued-access-code">
      <FormMessage tone="success">{state.message}</FormMessage>
      <p
        className="rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 text-center font-mono text-xl tracking-wider dark:border-zinc-700 dark:bg-zinc-950"
        translate="no"
        data-testid="access-code"
      >
        {state.code}
      </p>
    </div>
  )
}

type Check = { id: string; label: string }

/** Record how identity was checked, then issue (or, for an admin, ask approval for) an access code. */
export function IssueAccessCodeForm({
  userId,
  checks,
  needsApproval,
  labels,
}: {
  userId: string
  checks: Check[]
  needsApproval: boolean
  labels: AccessCodeLabels
}) {
  const [state, action, pending] = useActionState(issueAccessCodeAction, initial)
  if (state.status === 'issued') return <IssuedCode state={state} />
  if (state.status === 'awaiting_approval') {
    return <FormMessage tone="info">{state.message}</FormMessage>
  }
  const error = state.status === 'error' ? state : null
  return (
    <form action={action} noValidate className="space-y-4">
      <input type="hidden" name="userId" value={userId} />
      <fieldset className="space-y-2" aria-describedby={error?.field === 'checks' ? `checks-${userId}-error` : undefined}>
        <legend className="text-sm font-medium">{labels.checks}</legend>
        {checks.map((check) => (
          <label key={check.id} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="checks" value={check.id} className="mt-1 size-4" />
            <span>{check.label}</span>
          </label>
        ))}
        {error?.field === 'checks' ? (
          <p id={`checks-${userId}-error`} className="text-sm font-medium text-red-700 dark:text-red-400">
            {error.message}
          </p>
        ) : null}
      </fieldset>
      <div>
        <label htmlFor={`verification-${userId}`} className="block text-sm font-medium">
          {labels.words}
        </label>
        <textarea
          id={`verification-${userId}`}
          name="verification"
          rows={3}
          maxLength={1000}
          required
          defaultValue={error?.values?.verification}
          aria-invalid={error?.field === 'verification' || undefined}
          aria-describedby={error?.field === 'verification' ? `verification-${userId}-error` : undefined}
          className="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-950"
          placeholder={labels.placeholder}
        />
        {error?.field === 'verification' ? (
          <p id={`verification-${userId}-error`} className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">
            {error.message}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`valid-${userId}`} className="block text-sm font-medium">
          {labels.validFor}
        </label>
        <select
          id={`valid-${userId}`}
          name="validHours"
          defaultValue="1"
          className="mt-1.5 rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
        >
          {['1', '4', '8', '24'].map((hours) => (
            <option key={hours} value={hours}>
              {labels.hours[hours]}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? labels.issuing : needsApproval ? labels.askApproval : labels.issue}
      </Button>
      {error && !error.field ? <ErrorText>{error.message}</ErrorText> : null}
    </form>
  )
}

/** A second agent's approval of an admin's access code. */
export function ApproveAccessCodeForm({ requestId, labels }: { requestId: string; labels: AccessCodeLabels }) {
  const [state, action, pending] = useActionState(approveAccessCodeAction, initial)
  if (state.status === 'issued') return <IssuedCode state={state} />
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.approving : labels.approve}
      </Button>
      {state.status === 'error' ? <ErrorText>{state.message}</ErrorText> : null}
    </form>
  )
}
