'use client'

import Link from 'next/link'
import { useActionState } from 'react'
import { confirmLinkAction, type ConfirmLinkState } from '@/app/(auth)/sign-in/link/actions'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const initial: ConfirmLinkState = { status: 'idle' }

/**
 * The buttons of the link confirmation page. Each is a POST: opening the
 * link (GET or HEAD, as mail scanners do) never signs anyone in. Approving
 * the other device needs the number that device shows (number matching).
 */
export function LinkConfirmForm({ token, sameBrowser, approvable, appName }: { token: string; sameBrowser: boolean; approvable: boolean; appName: string }) {
  const [state, action, pending] = useActionState(confirmLinkAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  const numberError = state.status === 'error' && state.field === 'number' ? state.message : undefined
  if (state.status === 'error' && !numberError) {
    return (
      <div className="space-y-3">
        <FormMessage tone="error">{state.message}</FormMessage>
        <Link href="/sign-in" className="inline-block text-sm font-semibold text-indigo-700 underline underline-offset-4 dark:text-indigo-300">
          Send a new sign-in email
        </Link>
      </div>
    )
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" name="mode" value="here" className="w-full" disabled={pending}>
        {sameBrowser ? `Sign in to ${appName}` : 'Sign in here'}
      </Button>
      {sameBrowser ? null : approvable ? (
        <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <legend className="px-1 text-sm font-semibold">Or sign in on the other device</legend>
          <TextField
            id="approval-number"
            name="number"
            label="Number shown on the other device"
            hint="The screen where you typed your email address shows a two-digit number. No number on your screen? Then you didn’t ask for this: don’t approve."
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
            error={numberError}
            inputClassName="max-w-32 text-center font-mono text-lg tracking-widest"
          />
          <Button type="submit" name="mode" value="approve" variant="secondary" className="w-full" disabled={pending}>
            Approve sign-in on the other device
          </Button>
        </fieldset>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This request is more than 5 minutes old, so it can only be used to sign in here.</p>
      )}
    </form>
  )
}
