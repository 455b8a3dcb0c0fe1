'use client'

import { startTransition, useActionState, useState, type FormEvent } from 'react'
import { savePolicyAction, type PolicyFormState } from '@/app/(admin)/admin/policies/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import type { CertificationLevel, Policy } from '@/lib/policy/schema'
import { Check, Fieldset } from './policy-fields'

const idle: PolicyFormState = { status: 'idle' }

const METHODS = ['passkey', 'email_code', 'email_link'] as const
const PASSKEY_OPTIONS = ['optional', 'nudge', 'required', 'required_for_sensitive'] as const

/** The editor's words, translated on the server (./labels.ts). */
export type PolicyEditorLabels = {
  methods: string
  method: Record<(typeof METHODS)[number], string>
  passkeys: string
  passkey: Record<(typeof PASSKEY_OPTIONS)[number], string>
  stepUpWindow: string
  stepUpMethods: string
  stepUpPasskeyOrEmail: string
  stepUpPasskey: string
  idle: string
  absolute: string
  emailCode: string
  invitation: string
  recovery: string
  selfService: string
  emailAlone: string
  emailAloneWait: string
  authenticators: string
  synced: string
  list: string
  listAny: string
  listAllow: string
  listBlock: string
  aaguids: string
  aaguidsHint: string
  verified: string
  verifiedHint: string
  minimumCertification: string
  certification: Record<CertificationLevel, string>
  enterprise: string
  sms: string
  smsSignIn: string
  smsHint: string
  save: string
  saving: string
}

const selectClass =
  'mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 text-base text-zinc-900 shadow-sm focus-visible:border-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500/40 focus-visible:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100'

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
    'recovery.emailAloneWaitHours': String(policy.recovery.emailAloneWaitHours),
    'authenticators.synced': policy.authenticators.synced,
    'authenticators.list': policy.authenticators.list as string,
    'authenticators.aaguids': policy.authenticators.aaguids.join('\n'),
    'authenticators.verified': policy.authenticators.verified,
    'authenticators.minimumCertification': policy.authenticators.minimumCertification as string,
    'authenticators.enterprise': policy.authenticators.enterprise,
    'sms.signIn': policy.sms.purposes.includes('sign_in'),
  }
}

/** Every setting of a group's policy, with each error next to its field. Saving needs a fresh confirmation. */
export function PolicyEditor({ groupId, policy, labels, returnTo }: { groupId: string; policy: Policy; labels: PolicyEditorLabels; returnTo: string }) {
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
      <Fieldset legend={labels.methods} id="methods" error={error('policy.methods')}>
        {METHODS.map((method) => (
          <Check
            key={method}
            name="policy.methods"
            value={method}
            label={labels.method[method]}
            checked={draft.methods.includes(method)}
            onChange={(on) => set('methods')(on ? [...draft.methods, method] : draft.methods.filter((id) => id !== method))}
          />
        ))}
      </Fieldset>
      <div>
        <label htmlFor="policy-passkey" className="block text-sm font-semibold text-zinc-800 dark:text-zinc-200">
          {labels.passkeys}
        </label>
        <select id="policy-passkey" name="policy.passkey" {...text('passkey')} className={selectClass}>
          {PASSKEY_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {labels.passkey[option]}
            </option>
          ))}
        </select>
        {error('policy.passkey') ? <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{error('policy.passkey')}</p> : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="step-up-window"
          name="policy.stepUp.windowMinutes"
          label={labels.stepUpWindow}
          inputMode="numeric"
          {...text('stepUp.windowMinutes')}
          error={error('policy.stepUp.windowMinutes')}
        />
        <div>
          <label htmlFor="step-up-methods" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            {labels.stepUpMethods}
          </label>
          <select id="step-up-methods" name="policy.stepUp.methods" {...text('stepUp.methods')} className={selectClass}>
            <option value="passkey_or_email">{labels.stepUpPasskeyOrEmail}</option>
            <option value="passkey">{labels.stepUpPasskey}</option>
          </select>
        </div>
        <TextField
          id="idle-minutes"
          name="policy.session.idleMinutes"
          label={labels.idle}
          inputMode="numeric"
          {...text('session.idleMinutes')}
          error={error('policy.session.idleMinutes')}
        />
        <TextField
          id="absolute-hours"
          name="policy.session.absoluteHours"
          label={labels.absolute}
          inputMode="numeric"
          {...text('session.absoluteHours')}
          error={error('policy.session.absoluteHours')}
        />
        <TextField
          id="code-minutes"
          name="policy.lifetimes.emailCodeMinutes"
          label={labels.emailCode}
          inputMode="numeric"
          {...text('lifetimes.emailCodeMinutes')}
          error={error('policy.lifetimes.emailCodeMinutes')}
        />
        <TextField
          id="invitation-hours"
          name="policy.lifetimes.invitationHours"
          label={labels.invitation}
          inputMode="numeric"
          {...text('lifetimes.invitationHours')}
          error={error('policy.lifetimes.invitationHours')}
        />
      </div>
      <Fieldset legend={labels.recovery} id="recovery">
        <Check name="policy.recovery.selfService" label={labels.selfService} checked={draft['recovery.selfService']} onChange={set('recovery.selfService')} />
        <Check name="policy.recovery.emailAlone" label={labels.emailAlone} checked={draft['recovery.emailAlone']} onChange={set('recovery.emailAlone')} />
        <TextField
          id="email-alone-wait-hours"
          name="policy.recovery.emailAloneWaitHours"
          label={labels.emailAloneWait}
          inputMode="numeric"
          {...text('recovery.emailAloneWaitHours')}
          error={error('policy.recovery.emailAloneWaitHours')}
        />
      </Fieldset>
      <Fieldset legend={labels.authenticators} id="authenticators" error={error('policy.authenticators.aaguids') ?? error('policy.authenticators.list')}>
        <Check name="policy.authenticators.synced" label={labels.synced} checked={draft['authenticators.synced']} onChange={set('authenticators.synced')} />
        <label htmlFor="aaguid-list" className="block text-sm">
          {labels.list}
        </label>
        <select id="aaguid-list" name="policy.authenticators.list" {...text('authenticators.list')} className={selectClass}>
          <option value="any">{labels.listAny}</option>
          <option value="allow">{labels.listAllow}</option>
          <option value="block">{labels.listBlock}</option>
        </select>
        <label htmlFor="aaguids" className="block text-sm">
          {labels.aaguids}
        </label>
        <textarea
          id="aaguids"
          name="policy.authenticators.aaguids"
          rows={3}
          {...text('authenticators.aaguids')}
          className={`${selectClass} font-mono text-sm`}
        />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.aaguidsHint}</p>
      </Fieldset>
      <Fieldset
        legend={labels.verified}
        id="verified"
        error={error('policy.authenticators.verified') ?? error('policy.authenticators.minimumCertification') ?? error('policy.authenticators.enterprise')}
      >
        <Check
          name="policy.authenticators.verified"
          label={labels.verifiedHint}
          checked={draft['authenticators.verified']}
          onChange={set('authenticators.verified')}
        />
        <label htmlFor="minimum-certification" className="block text-sm">
          {labels.minimumCertification}
        </label>
        <select
          id="minimum-certification"
          name="policy.authenticators.minimumCertification"
          {...text('authenticators.minimumCertification')}
          className={selectClass}
        >
          {Object.entries(labels.certification).map(([level, name]) => (
            <option key={level} value={level}>
              {name}
            </option>
          ))}
        </select>
        <Check
          name="policy.authenticators.enterprise"
          label={labels.enterprise}
          checked={draft['authenticators.enterprise']}
          onChange={set('authenticators.enterprise')}
        />
      </Fieldset>
      <Fieldset legend={labels.sms} id="sms" error={error('policy.sms.purposes')}>
        <Check name="policy.sms.purposes" value="sign_in" label={labels.smsSignIn} checked={draft['sms.signIn']} onChange={set('sms.signIn')} />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.smsHint}</p>
      </Fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? labels.saving : labels.save}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}
