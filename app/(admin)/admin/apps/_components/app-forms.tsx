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

const idle = { status: 'idle' } as const
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
function SecretShown({ secret }: { secret: string }) {
  return (
    <div className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="font-semibold">Client secret — copy it now, it is not shown again:</p>
      <code className="mt-1 block font-mono break-all select-all" data-testid="client-secret">
        {secret}
      </code>
    </div>
  )
}

/** Registers an app; the answer shows its client id and, for a server-side app, its secret once. */
export function RegisterAppForm({ groups }: { groups: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<RegisterAppState, FormData>(registerAppAction, idle)
  const values = state.status === 'error' ? state.values : undefined
  return (
    <form action={action} noValidate className="space-y-4">
      <TextField id="app-name" name="name" label="Name people see" maxLength={200} defaultValue={values?.name} error={fieldError(state, 'name')} />
      <TextArea
        id="app-redirect-uris"
        name="redirectUris"
        label="Addresses to return to after sign-in"
        hint="One per line, matched exactly. https:// (http:// only for localhost)."
        defaultValue={values?.redirectUris}
        error={fieldError(state, 'redirectUris')}
      />
      <TextArea
        id="app-logout-uris"
        name="postLogoutRedirectUris"
        label="Addresses to return to after signing out (optional)"
        hint="One per line, matched exactly."
        defaultValue={values?.postLogoutRedirectUris}
        error={fieldError(state, 'postLogoutRedirectUris')}
      />
      <TextField
        id="app-backchannel"
        name="backchannelLogoutUri"
        label="Back-channel logout address (optional)"
        hint="The portal posts a logout token here when someone’s sessions end (sign out, suspension)."
        maxLength={500}
        defaultValue={values?.backchannelLogoutUri}
        error={fieldError(state, 'backchannelLogoutUri')}
      />
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Kind of app</legend>
        <label className="mt-2 flex items-start gap-2 text-sm">
          <input type="radio" name="clientType" value="confidential" defaultChecked className="mt-1" />
          <span>Runs on a server and keeps a secret (a web app’s back end)</span>
        </label>
        <label className="mt-1 flex items-start gap-2 text-sm">
          <input type="radio" name="clientType" value="public" className="mt-1" />
          <span>Runs on people’s devices and cannot keep a secret (a single-page or mobile app; PKCE only)</span>
        </label>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Sign-in level the app needs</legend>
        <label className="mt-2 flex items-start gap-2 text-sm">
          <input type="radio" name="minimumLevel" value="email" defaultChecked className="mt-1" />
          <span>Any sign-in (an emailed code or link is enough)</span>
        </label>
        <label className="mt-1 flex items-start gap-2 text-sm">
          <input type="radio" name="minimumLevel" value="phishing-resistant" className="mt-1" />
          <span>Phishing-resistant: a passkey, always</span>
        </label>
      </fieldset>
      <fieldset aria-describedby="app-groups-hint">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Who may use it</legend>
        <p id="app-groups-hint" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Tick none for everyone.
        </p>
        {groups.map((group) => (
          <label key={group.id} className="mt-1 flex items-center gap-2 text-sm">
            <input type="checkbox" name="allowedGroups" value={group.id} />
            <span>{group.name}</span>
          </label>
        ))}
        {fieldError(state, 'allowedGroups') ? (
          <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{fieldError(state, 'allowedGroups')}</p>
        ) : null}
      </fieldset>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="firstParty" className="mt-1" />
        <span>First-party: our own app, trusted — people are not asked whether to share their details with it</span>
      </label>
      <div>
        <label htmlFor="app-alg" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          ID token signature
        </label>
        <select
          id="app-alg"
          name="signingAlg"
          defaultValue="ES256"
          className="mt-1.5 block rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
        >
          <option value="ES256">ES256 (recommended)</option>
          <option value="RS256">RS256 (for libraries that need it)</option>
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Registering…' : 'Register app'}
      </Button>
      {state.status === 'registered' ? (
        <div role="status" data-testid="app-registered">
          <FormMessage tone="success">
            {state.name} is registered. Client id: <code className="font-mono break-all">{state.clientId}</code>
          </FormMessage>
          {state.secret ? <SecretShown secret={state.secret} /> : null}
        </div>
      ) : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

export function ReplaceSecretForm({ clientId, name }: { clientId: string; name: string }) {
  const [state, action, pending] = useActionState<AppSecretState, FormData>(replaceAppSecretAction, idle)
  return (
    <form action={action}>
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Replace the secret of ${name}`}>
        {pending ? 'Replacing…' : 'Replace secret'}
      </Button>
      {state.status === 'secret' ? <SecretShown secret={state.secret} /> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

export function DisableAppForm({ clientId, name }: { clientId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(disableAppAction, idle)
  return (
    <form action={action}>
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Turn off ${name}`}>
        {pending ? 'Turning off…' : 'Turn off'}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
    </form>
  )
}

/** Who may use an app, changed after registration: people outside the new groups lose access at once. */
export function AppGroupsForm({
  clientId,
  name,
  groups,
  allowed,
}: {
  clientId: string
  name: string
  groups: { id: string; name: string }[]
  allowed: string[]
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeAppGroupsAction, idle)
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">Change who may use {name}</summary>
      <form action={action} className="mt-2 space-y-2">
        <input type="hidden" name="clientId" value={clientId} />
        <fieldset aria-describedby={`groups-hint-${clientId}`}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Who may use it</legend>
          <p id={`groups-hint-${clientId}`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Tick none for everyone. People in a group you untick are signed out of the app, and its tokens for them stop working.
          </p>
          {groups.map((group) => (
            <label key={group.id} className="mt-1 flex items-center gap-2 text-sm">
              <input type="checkbox" name="allowedGroups" value={group.id} defaultChecked={allowed.includes(group.id)} />
              <span>{group.name}</span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Save who may use it'}
        </Button>
        {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
        {state.status === 'error' ? <StepUpError state={state} returnTo={RETURN_TO} /> : null}
      </form>
    </details>
  )
}
