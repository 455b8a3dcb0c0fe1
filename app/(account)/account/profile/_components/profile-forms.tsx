'use client'

import { useActionState } from 'react'
import {
  chooseTimeZoneAction,
  deleteAccountAction,
  setNoticesAction,
  updateDisplayNameAction,
  type DeleteState,
  type NameState,
  type NoticesState,
  type TimeZoneState,
} from '@/app/(account)/account/profile/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import { DISPLAY_NAME_MAX } from '@/lib/account/display-name'

const RETURN_TO = '/account/profile'

/** The forms' words, from the server (account.profile). */
export type NameLabels = { label: string; hint: string; save: string; saving: string }
export type NoticesLabels = { legend: string; on: string; off: string; always: string; save: string; saving: string }
export type DeleteLabels = { confirm: string; submit: string; deleting: string }
export type TimeZoneLabels = { label: string; hint: string; save: string; saving: string }

/** Your name, as the portal and its emails show it. */
export function DisplayNameForm({ displayName, labels }: { displayName: string | null; labels: NameLabels }) {
  const [state, action, pending] = useActionState(updateDisplayNameAction, { status: 'idle' } as NameState)
  return (
    <form action={action} noValidate className="space-y-3">
      <TextField
        id="display-name"
        name="displayName"
        label={labels.label}
        hint={labels.hint}
        autoComplete="name"
        maxLength={DISPLAY_NAME_MAX * 2}
        defaultValue={state.values?.displayName ?? displayName ?? ''}
        error={state.status === 'error' && state.field === 'displayName' ? state.message : undefined}
        className="max-w-md"
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : labels.save}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
    </form>
  )
}

/** The one security email a user may turn off: sign-ins from browsers not seen in 90 days. */
export function NoticesForm({ enabled, labels }: { enabled: boolean; labels: NoticesLabels }) {
  const [state, action, pending] = useActionState(setNoticesAction, { status: 'idle' } as NoticesState)
  return (
    <form action={action} className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium">{labels.legend}</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="newSignInNotices" value="on" defaultChecked={enabled} className="h-4 w-4 accent-indigo-600" /> {labels.on}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="newSignInNotices" value="off" defaultChecked={!enabled} className="h-4 w-4 accent-indigo-600" /> {labels.off}
          </label>
        </div>
      </fieldset>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.always}</p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : labels.save}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/** "Delete my account": the address typed out, after a recent confirmation. */
export function DeleteAccountForm({ labels }: { labels: DeleteLabels }) {
  const [state, action, pending] = useActionState(deleteAccountAction, { status: 'idle' } as DeleteState)
  return (
    <form action={action} noValidate className="space-y-3">
      <TextField
        id="delete-confirmation"
        name="confirmation"
        label={labels.confirm}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={320}
        defaultValue={state.values?.confirmation}
        error={state.status === 'error' && state.field === 'confirmation' ? state.message : undefined}
        className="max-w-md"
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? labels.deleting : labels.submit}
      </Button>
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/**
 * The zone times are shown in: every zone the runtime knows, by its IANA
 * name (the same in every language, so never translated), the one in use selected.
 */
export function TimeZoneForm({ zones, current, labels }: { zones: string[]; current: string; labels: TimeZoneLabels }) {
  const [state, action, pending] = useActionState(chooseTimeZoneAction, { status: 'idle' } as TimeZoneState)
  const error = state.status === 'error' && state.field === 'timeZone' ? state.message : undefined
  // React resets a form after its action to the fields' first defaults: a new key puts the saved zone in the reset's place.
  const saved = state.status === 'success' ? (state.values?.timeZone ?? current) : current
  return (
    <form action={action} noValidate className="space-y-3">
      <div>
        <label htmlFor="time-zone" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {labels.label}
        </label>
        <p id="time-zone-hint" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {labels.hint}
        </p>
        <select
          key={saved}
          id="time-zone"
          name="timeZone"
          translate="no"
          defaultValue={saved}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'time-zone-hint time-zone-error' : 'time-zone-hint'}
          className="mt-1.5 block w-full max-w-md rounded-lg border border-zinc-300 bg-white px-3 py-2.5 focus-visible:ring-2 focus-visible:ring-indigo-500/40 focus-visible:outline-none dark:border-zinc-700 dark:bg-zinc-950"
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        {error ? (
          <p id="time-zone-error" className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : labels.save}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && state.field !== 'timeZone' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}
