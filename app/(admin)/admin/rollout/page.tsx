import Link from 'next/link'
import type { ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import { requireAdmin } from '@/lib/auth/dal'
import { findPreset } from '@/lib/policy/presets'
import { listGroups } from '@/lib/policy/groups'
import { rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'

export const metadata = { title: 'Rollout' }

const METHOD_WORDS: Record<string, string> = {
  passkey: 'Passkey',
  email_code: 'Emailed code',
  magic_link: 'Emailed link',
  recovery: 'Recovery',
  invitation: 'Invitation',
}
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`)
const cell = 'py-1.5 pr-4'

function Figure({ id, title, summary, download, children }: { id: string; title: string; summary: string; download: string; children: ReactNode }) {
  return (
    <Card className="mb-6 overflow-x-auto" labelledBy={`${id}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="font-semibold">
          {title}
        </h2>
        <a href={download} className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
          Download CSV
        </a>
      </div>
      <p className="mt-1 mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid={`${id}-summary`}>
        {summary}
      </p>
      {children}
    </Card>
  )
}

/** The passkey rollout, live: enrolment, sign-ins by method, fallback to email, and each group's phase changes. */
export default async function RolloutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/rollout')
  const raw = await searchParams
  const filter = rolloutFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const groups = await listGroups()
  const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
  const period = periodOf(filter)
  const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
  const groupName = new Map(groups.map((group) => [group.id, group.name]))
  const query = (figure: string) =>
    `/admin/rollout/download?${new URLSearchParams({ figure, ...(filter.range ? { range: filter.range } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(groupId ? { group: groupId } : {}) }).toString()}`

  const active = figures.enrolment.reduce((sum, row) => sum + row.active, 0)
  const enrolled = figures.enrolment.reduce((sum, row) => sum + row.withPasskey, 0)
  const methods = new Map<string, { succeeded: number; failed: number }>()
  for (const row of figures.signIns) {
    const entry = methods.get(row.method) ?? { succeeded: 0, failed: 0 }
    entry.succeeded += row.succeeded
    entry.failed += row.failed
    methods.set(row.method, entry)
  }
  const succeeded = [...methods.values()].reduce((sum, row) => sum + row.succeeded, 0)
  const byPasskey = methods.get('passkey')?.succeeded ?? 0
  const fallback = figures.fallback
  const enrolledBy = figures.enrolledByWeek.map((row, index) => ({
    ...row,
    cumulative: figures.enrolledByWeek.slice(0, index + 1).reduce((sum, week) => sum + week.newlyEnrolled, 0),
  }))
  const totalPasskeys = figures.providers.reduce((sum, row) => sum + row.passkeys, 0)
  const synced = figures.providers.filter((row) => row.synced).reduce((sum, row) => sum + row.passkeys, 0)

  return (
    <>
      <PageHeading title="Passkey rollout" description={`Live figures for ${groupId ? groupName.get(groupId) : 'the whole organisation'}, ${period.label}.`} />
      {figures.breakGlassSignIns.length > 0 ? (
        <section
          role="alert"
          className="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
          data-testid="break-glass-flag"
        >
          <h2 className="font-semibold">Break-glass sign-ins: {figures.breakGlassSignIns.length}</h2>
          <p className="mt-1 text-sm">
            The emergency administrator signed in {figures.breakGlassSignIns.length === 1 ? 'once' : `${figures.breakGlassSignIns.length} times`} in this
            period, last on {figures.breakGlassSignIns[0]!.at.toISOString().slice(0, 16).replace('T', ' ')} UTC.{' '}
            <Link href="/admin/audit?type=break_glass_sign_in" className="font-semibold underline">
              See them in the audit log
            </Link>
          </p>
        </section>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-4">
          <FilterSelect
            id="range"
            label="Period"
            value={filter.range ?? '30'}
            options={[
              { value: '7', label: 'Last 7 days' },
              { value: '30', label: 'Last 30 days' },
              { value: '90', label: 'Last 90 days' },
              { value: 'custom', label: 'Custom dates' },
            ]}
          />
          <TextField id="from" name="from" type="date" label="From (custom)" defaultValue={filter.from ?? ''} />
          <TextField id="to" name="to" type="date" label="To (custom)" defaultValue={filter.to ?? ''} />
          <FilterSelect id="group" label="Group" value={groupId ?? undefined} options={groups.map((group) => ({ value: group.id, label: group.name }))} />
          <div className="sm:col-span-4">
            <Button type="submit" variant="secondary">
              Show
            </Button>
          </div>
        </form>
      </Card>

      <Figure
        id="enrolment"
        title="Enrolment"
        summary={`${percent(enrolled, active)} of ${active} active people have at least one passkey (${enrolled}).`}
        download={query('enrolment')}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Enrolment and recovery readiness by group</caption>
          <thead>
            <tr className="text-zinc-600 dark:text-zinc-400">
              {['Group', 'Active', 'With a passkey', 'Ready', 'Passkey, no recovery', 'No passkey'].map((heading) => (
                <th key={heading} scope="col" className={cell}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figures.enrolment.map((row) => (
              <tr key={row.group} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className={`${cell} font-normal`}>
                  {groupName.get(row.group) ?? row.group}
                </th>
                <td className={cell}>{row.active}</td>
                <td className={cell}>
                  {row.withPasskey} ({percent(row.withPasskey, row.active)})
                </td>
                <td className={cell}>{row.readiness.ready}</td>
                <td className={cell}>{row.readiness.warning}</td>
                <td className={cell}>{row.readiness.noPasskey}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Figure>

      <Figure
        id="enrolled-by-week"
        title="Enrolment week by week"
        summary={`First passkeys of today’s active people, by the week they were created (${enrolled} in all).`}
        download={query('enrolled-by-week')}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">People enrolled each week</caption>
          <thead>
            <tr className="text-zinc-600 dark:text-zinc-400">
              {['Week starting', 'Newly enrolled', 'Enrolled by then'].map((heading) => (
                <th key={heading} scope="col" className={cell}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {enrolledBy.map((row) => {
              return (
                <tr key={row.weekStarting} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className={`${cell} font-normal`}>
                    {row.weekStarting}
                  </th>
                  <td className={cell}>{row.newlyEnrolled}</td>
                  <td className={cell}>
                    {row.cumulative} ({percent(row.cumulative, active)})
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </Figure>

      <Figure
        id="providers"
        title="Passkeys by provider"
        summary={`${totalPasskeys} passkeys: ${synced} synced, ${totalPasskeys - synced} on one device.`}
        download={query('providers')}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Passkeys by provider, synced or device-bound</caption>
          <thead>
            <tr className="text-zinc-600 dark:text-zinc-400">
              {['Provider', 'Kind', 'Passkeys'].map((heading) => (
                <th key={heading} scope="col" className={cell}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figures.providers.map((row) => (
              <tr key={`${row.provider}-${row.synced}`} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className={`${cell} font-normal`}>
                  {row.provider}
                </th>
                <td className={cell}>{row.synced ? 'Synced' : 'Device-bound'}</td>
                <td className={cell}>{row.passkeys}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Figure>

      <Figure
        id="sign-ins"
        title="Sign-ins by method"
        summary={`${succeeded} sign-ins, ${percent(byPasskey, succeeded)} with a passkey.`}
        download={query('sign-ins')}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Sign-ins and success rate by method</caption>
          <thead>
            <tr className="text-zinc-600 dark:text-zinc-400">
              {['Method', 'Signed in', 'Failed', 'Success rate'].map((heading) => (
                <th key={heading} scope="col" className={cell}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...methods.entries()].map(([method, row]) => (
              <tr key={method} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className={`${cell} font-normal`}>
                  {METHOD_WORDS[method] ?? method}
                </th>
                <td className={cell}>{row.succeeded}</td>
                <td className={cell}>{row.failed}</td>
                <td className={cell}>{percent(row.succeeded, row.succeeded + row.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Figure>

      <Figure
        id="fallback"
        title="Fallback to email"
        summary={`${percent(fallback.byPasskeyHolders, fallback.emailSignIns)} of email sign-ins (${fallback.byPasskeyHolders} of ${fallback.emailSignIns}) were by people who already had a passkey.`}
        download={query('fallback')}
      >
        {fallback.people.length === 0 ? (
          <p className="text-sm">Nobody with a passkey signed in by email in this period.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">People with a passkey who signed in by email most often</caption>
            <thead>
              <tr className="text-zinc-600 dark:text-zinc-400">
                <th scope="col" className={cell}>
                  Person
                </th>
                <th scope="col" className={cell}>
                  Email sign-ins while holding a passkey
                </th>
              </tr>
            </thead>
            <tbody>
              {fallback.people.map((row) => (
                <tr key={row.userId} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className={`${cell} font-normal`}>
                    <Link href={`/admin/people/${row.userId}`} className="break-all text-indigo-700 underline dark:text-indigo-300">
                      {row.email}
                    </Link>
                  </th>
                  <td className={cell}>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Figure>

      <Card className="mb-6" labelledBy="phases-heading">
        <h2 id="phases-heading" className="font-semibold">
          Rollout phases
        </h2>
        {figures.phases.length === 0 ? (
          <p className="mt-2 text-sm">No phase changes yet.</p>
        ) : (
          <ol className="mt-2 space-y-1 text-sm" data-testid="phase-changes">
            {figures.phases.map((phase) => (
              <li key={`${phase.groupId}-${phase.at.toISOString()}`}>
                <time dateTime={phase.at.toISOString()}>{phase.at.toISOString().slice(0, 10)}</time>: {groupName.get(phase.groupId) ?? phase.groupId} →{' '}
                {findPreset(phase.preset)?.name ?? phase.preset}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  )
}
