'use client'

import { useActionState } from 'react'
import {
  changeAppGroupsAction,
  disableAppAction,
  registerAppAction,
  replaceAppSecretAction,
  type AppSecretState,
  type RegisterAppState,
} from '@/app/(admin)/admin/apps/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import type { ActionState } from '@/lib/web/action-state'
import { AppOptions } from './app-options'

const idle = { status: 'idle' } as const

/** The forms' words, translated on the server (app/(admin)/admin/apps/page.tsx). */
export type AppFormLabels = {
  name: string
  redirectUris: string
  redirectUrisHint: string
  logoutUris: string
  logoutUrisHint: string
  backchannel: string
  backchannelHint: string
  kind: string
  kindConfidential: string
  kindPublic: string
  level: string
  levelEmail: string
  levelPasskey: string
  groups: string
  groupsHint: string
  groupsChangeHint: string
  firstParty: string
  deviceSignIn: string
  refreshOutlives: string
  signingAlg: string
  es256: string
  rs256: string
  register: string
  registering: string
  clientIdIs: string
  secretShown: string
  replaceSecret: string
  replacing: string
  turnOff: string
  turningOff: string
  saveGroups: string
  saving: string
}
const RETURN_TO = '/admin/apps'

const fieldError = (state: { status: string; field?: string; message?: string }, field: string) =>
  state.status === 'error' && state.field === field ? state.message : undefined

const areaClasses =
  'mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 font-mono text-sm text-zinc-900 shadow-sm outline-none focus-visible:border-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500/40 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100'

function TextArea({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
}: {
  id: string
  name: string
  label: string
  hint: string
  error?: string
  defaultValue?: string
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <p id={`${id}-hint`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {hint}
      </p>
      <textarea
        id={id}
        name={name}
        rows={3}
        maxLength={5000}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        className={areaClasses}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The one moment a secret is visible: copy it now. */
function SecretShown({ secret, label }: { secret: string; label: string }) {
  return (
    <div className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="font-semibold">{label}</p>
      <code className="mt-1 block font-mono break-all select-all" translate="no" data-testid="client-secret">
        {secret}
      </code>
    </div>
  )
}

/** Registers an app; the answer shows its client id and, for a server-side app, its secret once. */
export function RegisterAppForm({ groups, labels }: { groups: { id: string; name: string }[]; labels: AppFormLabels }) {
  const [state, action, pending] = useActionState<RegisterAppState, FormData>(registerAppAction, idle)
  const values = state.status === 'error' ? state.values : undefined
  return (
    <form action={action} noValidate className="space-y-4">
      <TextField id="app-name" name="name" label={labels.name} maxLength={200} defaultValue={values?.name} error={fieldError(state, 'name')} />
      <TextArea
        id="app-redirect-uris"
        name="redirectUris"
        label={labels.redirectUris}
        hint={labels.redirectUrisHint}
        defaultValue={values?.redirectUris}
        error={fieldError(state, 'redirectUris')}
      />
      <TextArea
        id="app-logout-uris"
        name="postLogoutRedirectUris"
        label={labels.logoutUris}
        hint={labels.logoutUrisHint}
        defaultValue={values?.postLogoutRedirectUris}
        error={fieldError(state, 'postLogoutRedirectUris')}
      />
      <TextField
        id="app-backchannel"
        name="backchannelLogoutUri"
        label={labels.backchannel}
        hint={labels.backchannelHint}
        maxLength={500}
        defaultValue={values?.backchannelLogoutUri}
        error={fieldError(state, 'backchannelLogoutUri')}
      />
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{labels.kind}</legend>
        <label className="mt-2 flex items-start gap-2 text-sm">
          <input type="radio" name="clientType" value="confidential" defaultChecked className="mt-1" />
          <span>{labels.kindConfidential}</span>
        </label>
        <label className="mt-1 flex items-start gap-2 text-sm">
          <input type="radio" name="clientType" value="public" className="mt-1" />
          <span>{labels.kindPublic}</span>
        </label>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{labels.level}</legend>
        <label className="mt-2 flex items-start gap-2 text-sm">
          <input type="radio" name="minimumLevel" value="email" defaultChecked className="mt-1" />
          <span>{labels.levelEmail}</span>
        </label>
        <label className="mt-1 flex items-start gap-2 text-sm">
          <input type="radio" name="minimumLevel" value="phishing-resistant" className="mt-1" />
          <span>{labels.levelPasskey}</span>
        </label>
      </fieldset>
      <fieldset aria-describedby="app-groups-hint">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{labels.groups}</legend>
        <p id="app-groups-hint" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {labels.groupsHint}
        </p>
        {groups.map((group) => (
          <label key={group.id} className="mt-1 flex items-center gap-2 text-sm">
            <input type="checkbox" name="allowedGroups" value={group.id} />
            <span translate="no">{group.name}</span>
          </label>
        ))}
        {fieldError(state, 'allowedGroups') ? (
          <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{fieldError(state, 'allowedGroups')}</p>
        ) : null}
      </fieldset>
      <AppOptions labels={labels} />
      <div>
        <label htmlFor="app-alg" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {labels.signingAlg}
        </label>
        <select
          id="app-alg"
          name="signingAlg"
          defaultValue="ES256"
          className="mt-1.5 block w-full max-w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
        >
          <option value="ES256">{labels.es256}</option>
          <option value="RS256">{labels.rs256}</option>
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? labels.registering : labels.register}
      </Button>
      {state.status === 'registered' ? (
        <div role="status" data-testid="app-registered">
          <FormMessage tone="success">
            {state.message}{' '}
            <span>
              {labels.clientIdIs}{' '}
              <code className="font-mono break-all" translate="no">
                {state.clientId}
              </code>
            </span>
          </FormMessage>
          {state.secret ? <SecretShown secret={state.secret} label={labels.secretShown} /> : null}
        </div>
      ) : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/**
 * A new secret for a server-side app. The button reads "Replace secret"; its
 * accessible name (`named`, e.g. "Replace secret for Acme Expenses") begins
 * with those words, so speech input finds it by what it shows (WCAG 2.5.3).
 */
export function ReplaceSecretForm({ clientId, labels, named }: { clientId: string; labels: AppFormLabels; named: string }) {
  const [state, action, pending] = useActionState<AppSecretState, FormData>(replaceAppSecretAction, idle)
  return (
    <form action={action}>
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={pending ? undefined : named}>
        {pending ? labels.replacing : labels.replaceSecret}
      </Button>
      {state.status === 'secret' ? <SecretShown secret={state.secret} label={labels.secretShown} /> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/** Turns an app off; like the secret's button, its accessible name begins with what it shows ("Turn off Acme Expenses"). */
export function DisableAppForm({ clientId, labels, named }: { clientId: string; labels: AppFormLabels; named: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(disableAppAction, idle)
  return (
    <form action={action}>
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={pending ? undefined : named}>
        {pending ? labels.turningOff : labels.turnOff}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/** Who may use an app, changed after registration: people outside the new groups lose access at once. */
export function AppGroupsForm({
  clientId,
  summary,
  labels,
  groups,
  allowed,
}: {
  clientId: string
  /** "Change who may use Acme Expenses" */
  summary: string
  labels: AppFormLabels
  groups: { id: string; name: string }[]
  allowed: string[]
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeAppGroupsAction, idle)
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">{summary}</summary>
      <form action={action} className="mt-2 space-y-2">
        <input type="hidden" name="clientId" value={clientId} />
        <fieldset aria-describedby={`groups-hint-${clientId}`}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{labels.groups}</legend>
          <p id={`groups-hint-${clientId}`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {labels.groupsChangeHint}
          </p>
          {groups.map((group) => (
            <label key={group.id} className="mt-1 flex items-center gap-2 text-sm">
              <input type="checkbox" name="allowedGroups" value={group.id} defaultChecked={allowed.includes(group.id)} />
              <span translate="no">{group.name}</span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? labels.saving : labels.saveGroups}
        </Button>
        {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
        {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
      </form>
    </details>
  )
}
