'use client'

import { useActionState } from 'react'
import { reportActivityAction, type ReportState } from '@/app/(account)/account/activity/actions'
import { Button } from '@/components/ui/button'
import { StepUpError } from '@/components/forms/step-up-error'
import { FormMessage } from '@/components/ui/form-message'

const initial: ReportState = { status: 'idle' }

/**
 * "This wasn't me" on one history row. A disclosure first says what will
 * happen; afterwards the row lists the steps that secure the account.
 */
export function ReportActivityForm({ eventId, what }: { eventId: string; what: string }) {
  const [state, action, pending] = useActionState(reportActivityAction, initial)
  if (state.status === 'reported') {
    return (
      <div className="mt-3 space-y-2" data-testid="report-result">
        <FormMessage tone="success">
          Thanks for telling us. {state.signedOut === 1 ? '1 other session was' : `${state.signedOut} other sessions were`} signed out, and we recorded your
          report.
        </FormMessage>
        <p className="text-sm font-medium">Now secure your account:</p>
        <ol className="list-decimal space-y-1 pl-5 text-sm">
          <li>
            <a className="font-semibold text-indigo-700 underline dark:text-indigo-300" href="/account/passkeys">
              Review your passkeys
            </a>{' '}
            and remove any you don’t recognise.
          </li>
          <li>
            <a className="font-semibold text-indigo-700 underline dark:text-indigo-300" href="/account/recovery">
              Make new recovery codes
            </a>{' '}
            so old ones stop working, and check your backup email.
          </li>
        </ol>
      </div>
    )
  }
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded font-medium text-red-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:text-red-400">
        This wasn’t me
      </summary>
      <form action={action} className="mt-2 space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        <input type="hidden" name="eventId" value={eventId} />
        <p>We’ll sign out every other browser and device on your account, keep you signed in here, and record your report.</p>
        <Button type="submit" variant="danger" disabled={pending} aria-label={`Report “${what}” and sign out other sessions`}>
          {pending ? 'Signing out…' : 'Sign out other sessions and report'}
        </Button>
        {state.status === 'error' ? <StepUpError state={state} returnTo="/account/activity" /> : null}
      </form>
    </details>
  )
}
