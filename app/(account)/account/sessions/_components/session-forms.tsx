'use client'

import { useActionState } from 'react'
import {
  dismissSignOutOthersOfferAction,
  revokeAppAccessAction,
  revokeOtherSessionsAction,
  revokeSessionAction,
  type SessionsState,
} from '@/app/(account)/account/sessions/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'

const initial: SessionsState = { status: 'idle' }

/** "Sign out" on one other browser's row. */
export function RevokeSessionForm({ sessionId, device }: { sessionId: string; device: string }) {
  const [state, action, pending] = useActionState(revokeSessionAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Sign out ${device}`}>
        {pending ? 'Signing out…' : 'Sign out'}
      </Button>
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/** "Remove access" on an app's row. */
export function RevokeAppAccessForm({ clientId, name }: { clientId: string; name: string }) {
  const [state, action, pending] = useActionState(revokeAppAccessAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Remove the access of ${name}`}>
        {pending ? 'Removing…' : 'Remove access'}
      </Button>
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/**
 * "Sign out all other sessions" (needs a recent sign-in or confirmation). It
 * stays mounted when the list refreshes, so its result stays on screen.
 */
export function RevokeOtherSessionsForm({ others }: { others: number }) {
  const [state, action, pending] = useActionState(revokeOtherSessionsAction, initial)
  return (
    <form action={action} className="space-y-3">
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {others > 0 ? (
        <Button type="submit" disabled={pending}>
          {pending ? 'Signing out…' : 'Sign out all other sessions'}
        </Button>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You are signed in on this browser only.</p>
      )}
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/** After a sign-in change: "You're signed in on N other devices. Sign them out?" with "Not now". */
export function SignOutOthersOfferForm({ others }: { others: number }) {
  const [state, action, pending] = useActionState(revokeOtherSessionsAction, initial)
  const [dismissed, dismiss] = useActionState(dismissSignOutOthersOfferAction, false)
  if (dismissed || (others === 0 && state.status !== 'success')) return null
  return (
    <section
      aria-labelledby="sign-out-others-offer"
      className="mb-6 rounded-xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950/40"
    >
      {state.status === 'success' ? (
        <FormMessage tone="success">{state.message}</FormMessage>
      ) : (
        <>
          <h2 id="sign-out-others-offer" className="font-semibold">
            You changed how you sign in. Sign out your other sessions too?
          </h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
            Your account is also signed in on {others === 1 ? '1 other browser or device' : `${others} other browsers or devices`}. If any of them isn’t yours,
            sign them out now.
          </p>
          <div className="mt-3 flex flex-wrap gap-3">
            <form action={action}>
              <Button type="submit" disabled={pending}>
                {pending ? 'Signing out…' : 'Sign out other sessions'}
              </Button>
            </form>
            <form action={dismiss}>
              <Button type="submit" variant="ghost">
                Not now
              </Button>
            </form>
          </div>
          {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
        </>
      )}
    </section>
  )
}
