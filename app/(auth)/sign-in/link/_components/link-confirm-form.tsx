'use client'

import Link from 'next/link'
import { useActionState } from 'react'
import { confirmLinkAction, type ConfirmLinkState } from '@/app/(auth)/sign-in/link/actions'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const initial: ConfirmLinkState = { status: 'idle' }

type Labels = {
  newEmail: string
  signInHere: string
  numberLabel: string
  numberHint: string
  approve: string
  tooOld: string
  hereHeading: string
  codeLabel: string
  codeHint: string
  here: string
}

/**
 * The buttons of the link confirmation page. Each is a POST: opening the
 * link (GET or HEAD, as mail scanners do) never signs anyone in. In the
 * browser that asked, one button signs in. Anywhere else the first choice is
 * to approve the browser that asked, with the number it shows (number
 * matching); signing in here instead needs the code from the same email, so
 * a scanner that presses buttons signs nobody in. Its words come translated
 * from the page.
 */
export function LinkConfirmForm({ token, sameBrowser, approvable, labels }: { token: string; sameBrowser: boolean; approvable: boolean; labels: Labels }) {
  const [state, action, pending] = useActionState(confirmLinkAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  const fieldError = (field: 'number' | 'code') => (state.status === 'error' && state.field === field ? state.message : undefined)
  if (state.status === 'error' && !state.field) {
    return (
      <div className="space-y-3">
        <FormMessage tone="error">{state.message}</FormMessage>
        <Link href="/sign-in" className="inline-block text-sm font-semibold text-indigo-700 underline underline-offset-4 dark:text-indigo-300">
          {labels.newEmail}
        </Link>
      </div>
    )
  }
  if (sameBrowser) {
    return (
      <form action={action}>
        <input type="hidden" name="token" value={token} />
        <Button type="submit" name="mode" value="here" className="w-full" disabled={pending}>
          {labels.signInHere}
        </Button>
      </form>
    )
  }
  return (
    <div className="space-y-4">
      {approvable ? (
        <form action={action} className="space-y-3">
          <input type="hidden" name="token" value={token} />
          <TextField
            id="approval-number"
            name="number"
            label={labels.numberLabel}
            hint={labels.numberHint}
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
            dir="ltr"
            error={fieldError('number')}
            inputClassName="max-w-32 text-center font-mono text-lg tracking-widest"
          />
          <Button type="submit" name="mode" value="approve" className="w-full" disabled={pending}>
            {labels.approve}
          </Button>
        </form>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.tooOld}</p>
      )}
      <form action={action} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <input type="hidden" name="token" value={token} />
        <h2 className="text-sm font-semibold">{labels.hereHeading}</h2>
        <TextField
          id="link-code"
          name="code"
          label={labels.codeLabel}
          hint={labels.codeHint}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          dir="ltr"
          error={fieldError('code')}
          inputClassName="max-w-40 text-center font-mono text-lg tracking-widest"
        />
        <Button type="submit" name="mode" value="here" variant="secondary" className="w-full" disabled={pending}>
          {labels.here}
        </Button>
      </form>
    </div>
  )
}
