'use client'

import Link from 'next/link'
import { useActionState } from 'react'
import { confirmLinkAction, type ConfirmLinkState } from '@/app/(auth)/sign-in/link/actions'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

const initial: ConfirmLinkState = { status: 'idle' }

/**
 * The buttons of the link confirmation page. Each is a POST: opening the
 * link (GET or HEAD, as mail scanners do) never signs anyone in.
 */
export function LinkConfirmForm({ token, sameBrowser, appName }: { token: string; sameBrowser: boolean; appName: string }) {
  const [state, action, pending] = useActionState(confirmLinkAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      {state.status === 'error' ? (
        <div className="space-y-3">
          <FormMessage tone="error">{state.message}</FormMessage>
          <Link href="/sign-in" className="inline-block text-sm font-semibold text-indigo-700 underline underline-offset-4 dark:text-indigo-300">
            Send a new sign-in email
          </Link>
        </div>
      ) : null}
      {state.status === 'error' ? null : (
        <>
          <Button type="submit" name="mode" value="here" className="w-full" disabled={pending}>
            {sameBrowser ? `Sign in to ${appName}` : 'Sign in here'}
          </Button>
          {sameBrowser ? null : (
            <Button type="submit" name="mode" value="approve" variant="secondary" className="w-full" disabled={pending}>
              Approve sign-in on the other device
            </Button>
          )}
        </>
      )}
    </form>
  )
}
