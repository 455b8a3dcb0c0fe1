'use client'

import { startTransition, useActionState, useState, type FormEvent, type ReactNode } from 'react'
import { savePolicyAction, type PolicyFormState } from '@/app/(admin)/admin/policies/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import type { Policy } from '@/lib/policy/schema'

const idle: PolicyFormState = { status: 'idle' }

const METHODS = [
  { id: 'passkey', label: 'Passkey' },
  { id: 'email_code', label: 'Emailed code' },
  { id: 'email_link', label: 'Emailed link' },
] as const

const PASSKEY_OPTIONS = [
  { id: 'optional', label: 'Optional: never suggested' },
  { id: 'nudge', label: 'Suggested after an email sign-in' },
  { id: 'required', label: 'Required: no access until one is added' },
  { id: 'required_for_sensitive', label: 'Required for sensitive actions: confirming it’s you takes a passkey' },
] as const

const selectClass =
  'mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 text-base text-zinc-900 shadow-sm focus-visible:border-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500/40 focus-visible:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100'

function Fieldset({ legend, error, children, id }: { legend: string; error?: string; children: ReactNode; id: string }) {
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-semibold text-zinc-800 dark:text-zinc-200">{legend}</legend>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

function Check({
  name,
  value,
  label,
  checked,
  onChange,
}: {
  name: string
  value?: string
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        name={name}
        value={value ?? 'on'}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        className="size-4 rounded border-zinc-400"
      />
      {label}
    </label>
  )
}

/** What the editor shows: the stored policy at first, then what the administrator changed (kept when saving fails). */
function draftOf(policy: Policy) {
  return {
    methods: [...policy.methods] as string[],
    passkey: policy.passkey as string,
    'stepUp.windowMinutes': String(policy.stepUp.windowMinutes),
    'stepUp.methods': policy.stepUp.methods as string,
    'session.idleMinutes': String(policy.session.idleMinutes),
    'session.absoluteHours': String(policy.session.absoluteHours),
    'lifetimes.emailCodeMinutes': String(policy.lifetimes.emailCodeMinutes),
    'lifetimes.invitationHours': String(policy.lifetimes.invitationHours),
    'recovery.selfService': policy.recovery.selfService,
    'recovery.emailAlone': policy.recovery.emailAlone,
    'authenticators.synced': policy.authenticators.synced,
    'authenticators.list': policy.authenticators.list as string,
    'authenticators.aaguids': policy.authenticators.aaguids.join('\n'),
  }
}

/** Every setting of a group's policy, with each error next to its field. Saving needs a fresh confirmation. */
export function PolicyEditor({ groupId, policy, returnTo }: { groupId: string; policy: Policy; returnTo: string }) {
  const [state, action, pending] = useActionState(savePolicyAction, idle)
  // Controlled fields: a refused save keeps every change (React resets uncontrolled fields after an action).
  const [draft, setDraft] = useState(() => draftOf(policy))
  type Key = keyof ReturnType<typeof draftOf>
  const set =
    <K extends Key>(key: K) =>
    (value: ReturnType<typeof draftOf>[K]) =>
      setDraft((current) => ({ ...current, [key]: value }))
  const text = (key: Key) => ({ value: draft[key] as string, onChange: (event: { target: { value: string } }) => set(key)(event.target.value as never) })
  const error = (field: keyof NonNullable<Extract<PolicyFormState, { status: 'error' }>['values']>) =>
    state.status === 'error' && state.field === field ? state.message : undefined
  // With JavaScript the form posts without React's reset after the action, which would put the checkboxes and
  // lists back to the stored policy while the draft keeps the change; without it, the action attribute posts.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    startTransition(() => action(form))
  }
  return (
    <form action={action} onSubmit={submit} noValidate className="space-y-6" data-testid="policy-editor">
      <input type="hidden" name="groupId" value={groupId} />
      <Fieldset legend="Sign-in methods" id="methods" error={error('policy.methods')}>
        {METHODS.map((method) => (
          <Check
            key={method.id}
            name="policy.methods"
            value={method.id}
            label={method.label}
            checked={draft.methods.includes(method.id)}
            onChange={(on) => set('methods')(on ? [...draft.methods, method.id] : draft.methods.filter((id) => id !== method.id))}
          />
        ))}
      </Fieldset>
      <div>
        <label htmlFor="policy-passkey" className="block text-sm font-semibold text-zinc-800 dark:text-zinc-200">
          Passkeys
        </label>
        <select id="policy-passkey" name="policy.passkey" {...text('passkey')} className={selectClass}>
          {PASSKEY_OPTIONS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        {error('policy.passkey') ? <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{error('policy.passkey')}</p> : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="step-up-window"
          name="policy.stepUp.windowMinutes"
          label="Confirmation lasts (minutes)"
          inputMode="numeric"
          {...text('stepUp.windowMinutes')}
          error={error('policy.stepUp.windowMinutes')}
        />
        <div>
          <label htmlFor="step-up-methods" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Confirming it’s you
          </label>
          <select id="step-up-methods" name="policy.stepUp.methods" {...text('stepUp.methods')} className={selectClass}>
            <option value="passkey_or_email">Passkey or emailed code</option>
            <option value="passkey">Passkey only</option>
          </select>
        </div>
        <TextField
          id="idle-minutes"
          name="policy.session.idleMinutes"
          label="Session idle timeout (minutes)"
          inputMode="numeric"
          {...text('session.idleMinutes')}
          error={error('policy.session.idleMinutes')}
        />
        <TextField
          id="absolute-hours"
          name="policy.session.absoluteHours"
          label="Session absolute timeout (hours)"
          inputMode="numeric"
          {...text('session.absoluteHours')}
          error={error('policy.session.absoluteHours')}
        />
        <TextField
          id="code-minutes"
          name="policy.lifetimes.emailCodeMinutes"
          label="Emailed code and link valid (minutes, at most 10)"
          inputMode="numeric"
          {...text('lifetimes.emailCodeMinutes')}
          error={error('policy.lifetimes.emailCodeMinutes')}
        />
        <TextField
          id="invitation-hours"
          name="policy.lifetimes.invitationHours"
          label="Invitation link valid (hours, at most 168)"
          inputMode="numeric"
          {...text('lifetimes.invitationHours')}
          error={error('policy.lifetimes.invitationHours')}
        />
      </div>
      <Fieldset legend="Recovery" id="recovery">
        <Check
          name="policy.recovery.selfService"
          label="Self-service recovery (otherwise only the helpdesk)"
          checked={draft['recovery.selfService']}
          onChange={set('recovery.selfService')}
        />
        <Check
          name="policy.recovery.emailAlone"
          label="The emailed code alone recovers an account that has a passkey (only for low-risk customers)"
          checked={draft['recovery.emailAlone']}
          onChange={set('recovery.emailAlone')}
        />
      </Fieldset>
      <Fieldset legend="Authenticators" id="authenticators" error={error('policy.authenticators.aaguids') ?? error('policy.authenticators.list')}>
        <Check
          name="policy.authenticators.synced"
          label="Synced passkeys (from password managers) allowed"
          checked={draft['authenticators.synced']}
          onChange={set('authenticators.synced')}
        />
        <label htmlFor="aaguid-list" className="block text-sm">
          Which authenticators
        </label>
        <select id="aaguid-list" name="policy.authenticators.list" {...text('authenticators.list')} className={selectClass}>
          <option value="any">Any</option>
          <option value="allow">Only those listed</option>
          <option value="block">All but those listed</option>
        </select>
        <label htmlFor="aaguids" className="block text-sm">
          AAGUIDs, one per line
        </label>
        <textarea
          id="aaguids"
          name="policy.authenticators.aaguids"
          rows={3}
          {...text('authenticators.aaguids')}
          className={`${selectClass} font-mono text-sm`}
        />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The portal asks for no attestation, so an AAGUID is what the authenticator says it is: a list keeps honest authenticators in or out, it does not prove
          anything.
        </p>
      </Fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save policy'}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}
