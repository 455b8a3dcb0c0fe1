'use client'

import { useActionState } from 'react'
import {
  deleteAccountAction,
  setNoticesAction,
  updateDisplayNameAction,
  type DeleteState,
  type NameState,
  type NoticesState,
} from '@/app/(account)/account/profile/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import { DISPLAY_NAME_MAX } from '@/lib/account/display-name'

const RETURN_TO = '/account/profile'

/** Your name, as the portal and its emails show it. */
export function DisplayNameForm({ displayName }: { displayName: string | null }) {
  const [state, action, pending] = useActionState(updateDisplayNameAction, { status: 'idle' } as NameState)
  return (
    <form action={action} noValidate className="space-y-3">
      <TextField
        id="display-name"
        name="displayName"
        label="Your name"
        hint="Shown in the portal and in our emails. Leave it empty to use your email address."
        autoComplete="name"
        maxLength={DISPLAY_NAME_MAX * 2}
        defaultValue={state.values?.displayName ?? displayName ?? ''}
        error={state.status === 'error' && state.field === 'displayName' ? state.message : undefined}
        className="max-w-md"
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save name'}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
    </form>
  )
}

/** The one security email a user may turn off: sign-ins from browsers not seen in 90 days. */
export function NoticesForm({ enabled }: { enabled: boolean }) {
  const [state, action, pending] = useActionState(setNoticesAction, { status: 'idle' } as NoticesState)
  return (
    <form action={action} className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium">Email me when my account is signed in to from a browser or device it hasn’t used in 90 days</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="newSignInNotices" value="on" defaultChecked={enabled} className="h-4 w-4 accent-indigo-600" /> On (recommended)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="newSignInNotices" value="off" defaultChecked={!enabled} className="h-4 w-4 accent-indigo-600" /> Off
          </label>
        </div>
      </fieldset>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Emails about changes to your passkeys, recovery options or email address always come: they can’t be turned off.
      </p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/** "Delete my account": the address typed out, after a recent confirmation. */
export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(deleteAccountAction, { status: 'idle' } as DeleteState)
  return (
    <form action={action} noValidate className="space-y-3">
      <TextField
        id="delete-confirmation"
        name="confirmation"
        label={`To confirm, type ${email}`}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={320}
        defaultValue={state.values?.confirmation}
        error={state.status === 'error' && state.field === 'confirmation' ? state.message : undefined}
        className="max-w-md"
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? 'Deleting…' : 'Delete my account'}
      </Button>
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}
