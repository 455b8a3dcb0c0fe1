'use client'

import { useActionState } from 'react'
import {
  applyPresetAction,
  createGroupAction,
  moveMembersAction,
  renameGroupAction,
  setDefaultGroupAction,
  type GroupFormState,
  type MoveState,
  type PresetState,
} from '@/app/(admin)/admin/policies/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

const idle = { status: 'idle' } as const

/** The group forms' words, translated on the server (./labels.ts). */
export type GroupFormLabels = {
  name: string
  description: string
  saving: string
  saveDetails: string
  create: string
  applying: string
  makeDefault: string
  emails: string
  intoGroup: string
  moving: string
  move: string
}

function Outcome({ state, returnTo }: { state: { status: string; message?: string; code?: string; field?: string }; returnTo: string }) {
  if (state.status === 'success') return <FormMessage tone="success">{state.message}</FormMessage>
  if (state.status === 'error' && !state.field) return <StepUpError state={{ code: state.code ?? '', message: state.message ?? '' }} returnTo={returnTo} />
  return null
}

const fieldError = (state: { status: string; field?: string; message?: string }, field: string) =>
  state.status === 'error' && state.field === field ? state.message : undefined

/** Name and description of a new group (or of this one, with `groupId`). */
export function GroupDetailsForm({
  groupId,
  name = '',
  description = '',
  labels,
  returnTo,
}: {
  groupId?: string
  name?: string
  description?: string
  labels: GroupFormLabels
  returnTo: string
}) {
  const [state, action, pending] = useActionState<GroupFormState, FormData>(groupId ? renameGroupAction : createGroupAction, idle)
  const values = state.status === 'error' ? state.values : undefined
  return (
    <form action={action} noValidate className="space-y-3">
      {groupId ? <input type="hidden" name="groupId" value={groupId} /> : null}
      <TextField
        id={groupId ? 'group-name' : 'new-group-name'}
        name="name"
        label={labels.name}
        maxLength={200}
        defaultValue={values?.name ?? name}
        error={fieldError(state, 'name')}
      />
      <TextField
        id={groupId ? 'group-description' : 'new-group-description'}
        name="description"
        label={labels.description}
        maxLength={400}
        defaultValue={values?.description ?? description}
        error={fieldError(state, 'description')}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : groupId ? labels.saveDetails : labels.create}
      </Button>
      <Outcome state={state} returnTo={returnTo} />
    </form>
  )
}

/** Applies the preset shown above it. */
export function ApplyPresetForm({
  groupId,
  presetId,
  label,
  pending: pendingLabel,
  returnTo,
}: {
  groupId: string
  presetId: string
  label: string
  pending: string
  returnTo: string
}) {
  const [state, action, pending] = useActionState<PresetState, FormData>(applyPresetAction, idle)
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="presetId" value={presetId} />
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <Outcome state={state} returnTo={returnTo} />
    </form>
  )
}

export function SetDefaultGroupForm({ groupId, labels, returnTo }: { groupId: string; labels: GroupFormLabels; returnTo: string }) {
  const [state, action, pending] = useActionState<PresetState, FormData>(setDefaultGroupAction, idle)
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="groupId" value={groupId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.saving : labels.makeDefault}
      </Button>
      <Outcome state={state} returnTo={returnTo} />
    </form>
  )
}

/** Moves one account or many (one address per line) into the chosen group. */
export function MoveMembersForm({ groups, labels, returnTo }: { groups: { id: string; name: string }[]; labels: GroupFormLabels; returnTo: string }) {
  const [state, action, pending] = useActionState<MoveState, FormData>(moveMembersAction, idle)
  return (
    <form action={action} noValidate className="space-y-3" data-testid="move-members">
      <div>
        <label htmlFor="move-emails" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {labels.emails}
        </label>
        <textarea
          id="move-emails"
          name="emails"
          rows={4}
          defaultValue={state.status === 'error' ? state.values?.emails : undefined}
          aria-invalid={fieldError(state, 'emails') ? true : undefined}
          aria-describedby={fieldError(state, 'emails') ? 'move-emails-error' : undefined}
          className="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
        {fieldError(state, 'emails') ? (
          <p id="move-emails-error" className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">
            {fieldError(state, 'emails')}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="move-group" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {labels.intoGroup}
        </label>
        <select
          id="move-group"
          name="groupId"
          className="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-950"
        >
          {groups.map((group) => (
            <option key={group.id} value={group.id} translate="no">
              {group.name}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.moving : labels.move}
      </Button>
      <Outcome state={state} returnTo={returnTo} />
    </form>
  )
}
