import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Time } from '@/components/time'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import { READINESS, STATUSES, listPeople, peopleFilterSchema, type Readiness } from '@/lib/admin/people'
import { requireAgent } from '@/lib/auth/dal'
import { listGroups } from '@/lib/policy/groups'
import { timeTag } from '@/components/ui/data'
import { ZoneNote } from '../_components/zone-note'
import { InviteCsvForm, InvitePersonForm } from './_components/invite-forms'
import { inviteLabels } from './_components/invite-labels'

export async function generateMetadata() {
  const t = await getTranslations('admin.people')
  return { title: t('title') }
}

/** Everyone with an account, for administrators and the helpdesk: search, filter, and open one person. */
export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAgent('/admin/people')
  const admin = session.user.role === 'admin'
  const raw = await searchParams
  const filter = peopleFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const [{ people, next }, groups, t, format, labels] = await Promise.all([
    listPeople(filter),
    listGroups(),
    getTranslations('admin.people'),
    getFormatter(),
    inviteLabels(),
  ])
  const readiness = (value: Readiness) => t(`readiness.${value}`)
  const groupChoices = groups.map(({ id, name, isDefault }) => ({ id, name, isDefault }))
  const nextQuery = new URLSearchParams(
    Object.entries({ ...filter, after: next ?? undefined }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      {admin ? (
        <div className="mb-6 grid gap-6 md:grid-cols-2">
          <Card labelledBy="invite-heading">
            <h2 id="invite-heading" className="mb-3 font-semibold">
              {t('inviteHeading')}
            </h2>
            <InvitePersonForm groups={groupChoices} labels={labels} returnTo="/admin/people" />
          </Card>
          <Card labelledBy="invite-file-heading">
            <h2 id="invite-file-heading" className="mb-3 font-semibold">
              {t('inviteFileHeading')}
            </h2>
            <InviteCsvForm groups={groupChoices} labels={labels} returnTo="/admin/people" />
          </Card>
        </div>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-3">
          <TextField id="q" name="q" type="search" label={t('search.query')} defaultValue={filter.q ?? ''} className="sm:col-span-3" />
          <FilterSelect
            id="group"
            label={t('search.group')}
            anyLabel={t('search.any')}
            value={filter.group}
            options={groups.map((group) => ({ value: group.id, label: group.name, data: true }))}
          />
          <FilterSelect
            id="status"
            label={t('search.status')}
            anyLabel={t('search.any')}
            value={filter.status}
            options={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
          <FilterSelect
            id="readiness"
            label={t('search.readiness')}
            anyLabel={t('search.any')}
            value={filter.readiness}
            options={READINESS.map((value) => ({ value, label: readiness(value) }))}
          />
          <div className="sm:col-span-3">
            <Button type="submit" variant="secondary">
              {t('search.submit')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        {people.length === 0 ? (
          <p className="text-sm">{t('none')}</p>
        ) : (
          <>
            {/* Below 640 px each person is a short block of lines rather than a table wider than the screen. */}
            <ul className="divide-y divide-zinc-200 text-sm sm:hidden dark:divide-zinc-800" aria-label={t('listLabel')}>
              {people.map((person) => (
                <li key={person.id} className="py-2">
                  <Link href={`/admin/people/${person.id}`} translate="no" className="font-medium break-all text-indigo-700 underline dark:text-indigo-300">
                    {person.email}
                  </Link>
                  {person.displayName ? (
                    <span className="block text-zinc-600 dark:text-zinc-400" translate="no">
                      {person.displayName}
                    </span>
                  ) : null}
                  <span className="block">
                    <span translate="no">{person.groupName}</span> · {t(`status.${person.status}`)} · {t('passkeys', { count: person.passkeys })} ·{' '}
                    {person.lastSignInAt
                      ? t.rich('lastSignIn', { day: format.dateTime(person.lastSignInAt, 'day'), time: timeTag(person.lastSignInAt) })
                      : t('neverSignedIn')}{' '}
                    · {readiness(person.readiness)}
                  </span>
                </li>
              ))}
            </ul>
            <div className="hidden sm:block">
              <table className="w-full text-start text-sm" data-testid="people">
                <caption className="sr-only">{t('listLabel')}</caption>
                <thead>
                  <tr className="text-zinc-600 dark:text-zinc-400">
                    <th scope="col" className="py-2 pe-3">
                      {t('columns.person')}
                    </th>
                    <th scope="col" className="py-2 pe-3">
                      {t('columns.group')}
                    </th>
                    <th scope="col" className="py-2 pe-3">
                      {t('columns.status')}
                    </th>
                    <th scope="col" className="py-2 pe-3">
                      {t('columns.passkeys')}
                    </th>
                    <th scope="col" className="py-2 pe-3">
                      {t('columns.lastSignIn')}
                    </th>
                    <th scope="col" className="py-2">
                      {t('columns.readiness')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((person) => (
                    <tr key={person.id} className="border-t border-zinc-200 dark:border-zinc-800">
                      <th scope="row" className="py-2 pe-3 font-normal">
                        <Link
                          href={`/admin/people/${person.id}`}
                          translate="no"
                          className="font-medium break-all text-indigo-700 underline dark:text-indigo-300"
                        >
                          {person.email}
                        </Link>
                        {person.displayName ? (
                          <span className="block text-zinc-600 dark:text-zinc-400" translate="no">
                            {person.displayName}
                          </span>
                        ) : null}
                      </th>
                      <td className="py-2 pe-3" translate="no">
                        {person.groupName}
                      </td>
                      <td className="py-2 pe-3">{t(`status.${person.status}`)}</td>
                      <td className="py-2 pe-3" translate="no">
                        {format.number(person.passkeys)}
                      </td>
                      <td className="py-2 pe-3">{person.lastSignInAt ? <Time at={person.lastSignInAt} format="day" /> : t('never')}</td>
                      <td className="py-2">{readiness(person.readiness)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {next ? (
          <Link href={`/admin/people?${nextQuery.toString()}`} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
            {t('next', { count: 50 })}
          </Link>
        ) : null}
      </Card>
    </>
  )
}
