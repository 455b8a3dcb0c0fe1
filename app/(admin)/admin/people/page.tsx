import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import { READINESS, STATUSES, listPeople, peopleFilterSchema, type Readiness } from '@/lib/admin/people'
import { requireAgent } from '@/lib/auth/dal'
import { listGroups } from '@/lib/policy/groups'
import { InviteCsvForm, InvitePersonForm } from './_components/invite-forms'

export const metadata = { title: 'People' }

const READINESS_WORDS: Record<Readiness, string> = { ready: 'ready', passkey_only: 'passkey, no recovery', no_passkey: 'no passkey' }
const formatDay = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(date)

/** Everyone with an account, for administrators and the helpdesk: search, filter, and open one person. */
export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAgent('/admin/people')
  const admin = session.user.role === 'admin'
  const raw = await searchParams
  const filter = peopleFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const [{ people, next }, groups] = await Promise.all([listPeople(filter), listGroups()])
  const groupChoices = groups.map(({ id, name, isDefault }) => ({ id, name, isDefault }))
  const nextQuery = new URLSearchParams(
    Object.entries({ ...filter, after: next ?? undefined }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  return (
    <>
      <PageHeading title="People" description="Search by the start of an address or a name. 50 a page." />
      {admin ? (
        <div className="mb-6 grid gap-6 md:grid-cols-2">
          <Card labelledBy="invite-heading">
            <h2 id="invite-heading" className="mb-3 font-semibold">
              Invite someone
            </h2>
            <InvitePersonForm groups={groupChoices} returnTo="/admin/people" />
          </Card>
          <Card labelledBy="invite-file-heading">
            <h2 id="invite-file-heading" className="mb-3 font-semibold">
              Invite from a file
            </h2>
            <InviteCsvForm groups={groupChoices} returnTo="/admin/people" />
          </Card>
        </div>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-3">
          <TextField id="q" name="q" type="search" label="Address or name starts with" defaultValue={filter.q ?? ''} className="sm:col-span-3" />
          <FilterSelect id="group" label="Group" value={filter.group} options={groups.map((group) => ({ value: group.id, label: group.name }))} />
          <FilterSelect id="status" label="Status" value={filter.status} options={STATUSES.map((status) => ({ value: status, label: status }))} />
          <FilterSelect
            id="readiness"
            label="Passkey and recovery"
            value={filter.readiness}
            options={READINESS.map((readiness) => ({ value: readiness, label: READINESS_WORDS[readiness] }))}
          />
          <div className="sm:col-span-3">
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        {people.length === 0 ? (
          <p className="text-sm">Nobody matches.</p>
        ) : (
          <>
            {/* Below 640 px each person is a short block of lines rather than a table wider than the screen. */}
            <ul className="divide-y divide-zinc-200 text-sm sm:hidden dark:divide-zinc-800" aria-label="People">
              {people.map((person) => (
                <li key={person.id} className="py-2">
                  <Link href={`/admin/people/${person.id}`} className="font-medium break-all text-indigo-700 underline dark:text-indigo-300">
                    {person.email}
                  </Link>
                  {person.displayName ? <span className="block text-zinc-600 dark:text-zinc-400">{person.displayName}</span> : null}
                  <span className="block">
                    {person.groupName} · {person.status} · {person.passkeys} passkey{person.passkeys === 1 ? '' : 's'} · last sign-in{' '}
                    {person.lastSignInAt ? formatDay(person.lastSignInAt) : 'never'} · {READINESS_WORDS[person.readiness]}
                  </span>
                </li>
              ))}
            </ul>
            <div className="hidden sm:block">
              <table className="w-full text-left text-sm" data-testid="people">
                <caption className="sr-only">People</caption>
                <thead>
                  <tr className="text-zinc-600 dark:text-zinc-400">
                    <th scope="col" className="py-2 pr-3">
                      Person
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Group
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Status
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Passkeys
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Last sign-in
                    </th>
                    <th scope="col" className="py-2">
                      Readiness
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((person) => (
                    <tr key={person.id} className="border-t border-zinc-200 dark:border-zinc-800">
                      <th scope="row" className="py-2 pr-3 font-normal">
                        <Link href={`/admin/people/${person.id}`} className="font-medium break-all text-indigo-700 underline dark:text-indigo-300">
                          {person.email}
                        </Link>
                        {person.displayName ? <span className="block text-zinc-600 dark:text-zinc-400">{person.displayName}</span> : null}
                      </th>
                      <td className="py-2 pr-3">{person.groupName}</td>
                      <td className="py-2 pr-3">{person.status}</td>
                      <td className="py-2 pr-3">{person.passkeys}</td>
                      <td className="py-2 pr-3">{person.lastSignInAt ? formatDay(person.lastSignInAt) : 'never'}</td>
                      <td className="py-2">{READINESS_WORDS[person.readiness]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {next ? (
          <Link href={`/admin/people?${nextQuery.toString()}`} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
            Next 50
          </Link>
        ) : null}
      </Card>
    </>
  )
}
