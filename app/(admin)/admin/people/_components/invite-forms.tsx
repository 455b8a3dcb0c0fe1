'use client'

import { useActionState } from 'react'
import { inviteCsvAction, invitePersonAction, type CsvInviteState, type InviteState } from '@/app/(admin)/admin/people/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import type { CsvRowResult } from '@/lib/admin/invitation-file'

type Groups = { id: string; name: string; isDefault: boolean }[]

/** The forms' words, translated on the server (./invite-labels.ts). */
export type InviteLabels = {
  email: string
  name: string
  group: string
  send: string
  inviting: string
  file: string
  fileGroup: string
  fromFile: string
  resultsCaption: string
  line: string
  address: string
  result: string
  until: string
  results: Record<CsvRowResult['result'], string>
}

function GroupSelect({ id, groups, label }: { id: string; groups: Groups; label: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name="groupId"
        defaultValue={groups.find((group) => group.isDefault)?.id}
        className="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-950"
      >
        {groups.map((group) => (
          <option key={group.id} value={group.id} translate="no">
            {group.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Invites one person: their address, their name, and the group whose policy they will follow. */
export function InvitePersonForm({ groups, labels, returnTo }: { groups: Groups; labels: InviteLabels; returnTo: string }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(invitePersonAction, { status: 'idle' })
  const values = state.status === 'error' ? state.values : undefined
  return (
    <form action={action} noValidate className="space-y-3" data-testid="invite-one">
      <TextField
        id="invite-email"
        name="email"
        type="email"
        label={labels.email}
        defaultValue={values?.email}
        error={state.status === 'error' && state.field === 'email' ? state.message : undefined}
      />
      <TextField
        id="invite-name"
        name="name"
        label={labels.name}
        defaultValue={values?.name}
        error={state.status === 'error' && state.field === 'name' ? state.message : undefined}
      />
      <GroupSelect id="invite-group" groups={groups} label={labels.group} />
      <Button type="submit" disabled={pending}>
        {pending ? labels.inviting : labels.send}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}

/** Invites many from a CSV file (email, name, group per line) and says what happened to each row. */
export function InviteCsvForm({ groups, labels, returnTo }: { groups: Groups; labels: InviteLabels; returnTo: string }) {
  const [state, action, pending] = useActionState<CsvInviteState, FormData>(inviteCsvAction, { status: 'idle' })
  return (
    <form action={action} noValidate className="space-y-3" data-testid="invite-csv">
      <div>
        <label htmlFor="invite-file" className="block text-sm font-medium">
          {labels.file}
        </label>
        <input id="invite-file" name="file" type="file" accept=".csv,text/csv" className="mt-1.5 block w-full text-sm" />
        {state.status === 'error' && state.field === 'file' ? (
          <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{state.message}</p>
        ) : null}
      </div>
      <GroupSelect id="invite-file-group" groups={groups} label={labels.fileGroup} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? labels.inviting : labels.fromFile}
      </Button>
      {state.status === 'error' && state.field !== 'file' ? <StepUpError state={state} returnTo={returnTo} /> : null}
      {state.status === 'invited' ? (
        <div className="space-y-2">
          <FormMessage tone="success">{state.message}</FormMessage>
          <table className="w-full text-start text-sm" data-testid="invite-results">
            <caption className="sr-only">{labels.resultsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{labels.line}</th>
                <th scope="col">{labels.address}</th>
                <th scope="col">{labels.result}</th>
                <th scope="col">{labels.until}</th>
              </tr>
            </thead>
            <tbody>
              {state.results.map((row) => (
                <tr key={row.line} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td>{row.line}</td>
                  <td className="break-all" translate="no">
                    {row.email}
                  </td>
                  <td>{labels.results[row.result]}</td>
                  <td translate="no">{row.until}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  )
}
