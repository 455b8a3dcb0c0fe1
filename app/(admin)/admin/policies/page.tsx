import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import { requireAdmin } from '@/lib/auth/dal'
import { normalizeEmailAddress } from '@/lib/email/address'
import { policySummary, previewPerson } from '@/lib/policy/explain'
import { listGroups, personFacts } from '@/lib/policy/groups'
import { findPreset } from '@/lib/policy/presets'
import { GroupDetailsForm, MoveMembersForm } from './_components/group-forms'

export const metadata = { title: 'Sign-in policies' }

const PAGE = '/admin/policies'

/**
 * For administrators: the groups, how each must sign in, who is in them, and
 * what the policy means for one person. Roles (admin, helpdesk) are separate:
 * a role says what someone may administer, a group says how they sign in.
 */
export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin(PAGE)
  const { person } = await searchParams
  const typed = typeof person === 'string' ? person.slice(0, 320) : ''
  const address = typed ? normalizeEmailAddress(typed) : null
  const [groups, facts] = await Promise.all([listGroups(), address?.ok ? personFacts(address.email) : Promise.resolve(null)])
  return (
    <>
      <PageHeading
        title="Sign-in policies"
        description="Each group says how its people sign in, confirm it’s them and recover. Changes apply from everyone’s next page."
      />
      <Card className="mb-6" labelledBy="groups-heading">
        <h2 id="groups-heading" className="font-semibold">
          Groups
        </h2>
        <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="groups">
          {groups.map((group) => (
            <li key={group.id} className="py-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <Link href={`${PAGE}/${group.id}`} className="font-semibold text-indigo-700 underline dark:text-indigo-300">
                  {group.name}
                </Link>
                <span className="text-sm text-zinc-600 dark:text-zinc-400">
                  {group.members} {group.members === 1 ? 'person' : 'people'}
                </span>
                {group.isDefault ? <span className="rounded bg-zinc-100 px-1.5 text-xs font-medium dark:bg-zinc-800">new accounts join</span> : null}
                {group.preset ? <span className="text-xs text-zinc-600 dark:text-zinc-400">{findPreset(group.preset)?.name}</span> : null}
              </div>
              <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{policySummary(group.policy)}</p>
            </li>
          ))}
        </ul>
      </Card>
      <div className="grid gap-6 md:grid-cols-2">
        <Card labelledBy="person-heading">
          <h2 id="person-heading" className="font-semibold">
            What happens to this person
          </h2>
          <form method="get" className="mt-3 space-y-3">
            <TextField id="person" name="person" type="email" label="Their email address" defaultValue={typed} autoComplete="off" />
            <Button type="submit" variant="secondary">
              Show
            </Button>
          </form>
          {typed && !facts ? (
            <div className="mt-3">
              <FormMessage tone="info">No account has that address.</FormMessage>
            </div>
          ) : null}
          {facts ? (
            <div className="mt-4" data-testid="person-preview">
              <p className="text-sm">
                <span className="font-medium break-all">{facts.email}</span> is in <span className="font-medium">{facts.group.name}</span>.
              </p>
              <dl className="mt-3 space-y-2 text-sm">
                {previewPerson({ ...facts, groupName: facts.group.name }).map((line) => (
                  <div key={line.label}>
                    <dt className="font-medium">{line.label}</dt>
                    <dd>
                      {line.value} <span className="text-zinc-600 dark:text-zinc-400">({line.why})</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ) : null}
        </Card>
        <Card labelledBy="move-heading">
          <h2 id="move-heading" className="font-semibold">
            Move people between groups
          </h2>
          <div className="mt-3">
            <MoveMembersForm groups={groups.map(({ id, name }) => ({ id, name }))} returnTo={PAGE} />
          </div>
        </Card>
        <Card labelledBy="create-heading">
          <h2 id="create-heading" className="font-semibold">
            Create a group
          </h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">It starts with the default policy; edit it or apply a preset next.</p>
          <GroupDetailsForm returnTo={PAGE} />
        </Card>
      </div>
    </>
  )
}
