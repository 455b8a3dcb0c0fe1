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

/** The forms' words, from the server (account.sessions). */
export type SessionFormLabels = {
  signOut: string
  signingOut: string
  signOutOthers: string
  onlyThisBrowser: string
  removeAccess: string
  removing: string
}

/** "Sign out" on one other browser's row; `label` names the browser for assistive technology. */
export function RevokeSessionForm({ sessionId, label, labels }: { sessionId: string; label: string; labels: SessionFormLabels }) {
  const [state, action, pending] = useActionState(revokeSessionAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={label}>
        {pending ? labels.signingOut : labels.signOut}
      </Button>
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/** "Remove access" on an app's row; `label` names the app for assistive technology. */
export function RevokeAppAccessForm({ clientId, label, labels }: { clientId: string; label: string; labels: SessionFormLabels }) {
  const [state, action, pending] = useActionState(revokeAppAccessAction, initial)
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={label}>
        {pending ? labels.removing : labels.removeAccess}
      </Button>
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/**
 * "Sign out all other sessions" (needs a recent sign-in or confirmation). It
 * stays mounted when the list refreshes, so its result stays on screen.
 */
export function RevokeOtherSessionsForm({ others, labels }: { others: number; labels: SessionFormLabels }) {
  const [state, action, pending] = useActionState(revokeOtherSessionsAction, initial)
  return (
    <form action={action} className="space-y-3">
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {others > 0 ? (
        <Button type="submit" disabled={pending}>
          {pending ? labels.signingOut : labels.signOutOthers}
        </Button>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.onlyThisBrowser}</p>
      )}
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
    </form>
  )
}

/** The offer's words, from the server (account.sessions.offer); `text` already names how many other sessions there are. */
export type SignOutOthersOfferLabels = { title: string; text: string; submit: string; signingOut: string; notNow: string }

/** After a sign-in change: "You're signed in on N other devices. Sign them out?" with "Not now". */
export function SignOutOthersOfferForm({ others, labels }: { others: number; labels: SignOutOthersOfferLabels }) {
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
            {labels.title}
          </h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{labels.text}</p>
          <div className="mt-3 flex flex-wrap gap-3">
            <form action={action}>
              <Button type="submit" disabled={pending}>
                {pending ? labels.signingOut : labels.submit}
              </Button>
            </form>
            <form action={dismiss}>
              <Button type="submit" variant="ghost">
                {labels.notNow}
              </Button>
            </form>
          </div>
          {state.status === 'error' ? <StepUpError state={state} returnTo="/account/sessions" /> : null}
        </>
      )}
    </section>
  )
}
