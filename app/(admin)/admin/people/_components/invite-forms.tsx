'use client'

import { useActionState } from 'react'
import { inviteCsvAction, invitePersonAction, type CsvInviteState, type InviteState } from '@/app/(admin)/admin/people/actions'
import { StepUpError } from '@/components/forms/step-up-error'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'

type Groups = { id: string; name: string; isDefault: boolean }[]

const RESULT_WORDS = {
  invited: 'invited',
  reinvited: 'invited again (new link)',
  already_member: 'already a member: not invited',
  invalid_address: 'invalid address',
  unknown_group: 'unknown group',
} as const

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
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Invites one person: their address, their name, and the group whose policy they will follow. */
export function InvitePersonForm({ groups, returnTo }: { groups: Groups; returnTo: string }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(invitePersonAction, { status: 'idle' })
  const values = state.status === 'error' ? state.values : undefined
  return (
    <form action={action} noValidate className="space-y-3" data-testid="invite-one">
      <TextField
        id="invite-email"
        name="email"
        type="email"
        label="Email address"
        defaultValue={values?.email}
        error={state.status === 'error' && state.field === 'email' ? state.message : undefined}
      />
      <TextField
        id="invite-name"
        name="name"
        label="Name (optional)"
        defaultValue={values?.name}
        error={state.status === 'error' && state.field === 'name' ? state.message : undefined}
      />
      <GroupSelect id="invite-group" groups={groups} label="Group" />
      <Button type="submit" disabled={pending}>
        {pending ? 'Inviting…' : 'Send invitation'}
      </Button>
      {state.status === 'success' ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={returnTo} /> : null}
    </form>
  )
}

/** Invites many from a CSV file (email, name, group per line) and says what happened to each row. */
export function InviteCsvForm({ groups, returnTo }: { groups: Groups; returnTo: string }) {
  const [state, action, pending] = useActionState<CsvInviteState, FormData>(inviteCsvAction, { status: 'idle' })
  return (
    <form action={action} noValidate className="space-y-3" data-testid="invite-csv">
      <div>
        <label htmlFor="invite-file" className="block text-sm font-medium">
          CSV file: email, name, group on each line (up to 1,000 lines, 100 KB)
        </label>
        <input id="invite-file" name="file" type="file" accept=".csv,text/csv" className="mt-1.5 block w-full text-sm" />
        {state.status === 'error' && state.field === 'file' ? (
          <p className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">{state.message}</p>
        ) : null}
      </div>
      <GroupSelect id="invite-file-group" groups={groups} label="Group for lines that name none" />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Inviting…' : 'Invite from file'}
      </Button>
      {state.status === 'error' && state.field !== 'file' ? <StepUpError state={state} returnTo={returnTo} /> : null}
      {state.status === 'invited' ? (
        <div className="space-y-2">
          <FormMessage tone="success">{state.message}</FormMessage>
          <table className="w-full text-left text-sm" data-testid="invite-results">
            <caption className="sr-only">What happened to each line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Address</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {state.results.map((row) => (
                <tr key={row.line} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td>{row.line}</td>
                  <td className="break-all">{row.email}</td>
                  <td>{RESULT_WORDS[row.result]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  )
}
