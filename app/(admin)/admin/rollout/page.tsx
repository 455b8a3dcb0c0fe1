import Link from 'next/link'
import { Card, PageHeading } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { findPreset } from '@/lib/policy/presets'
import { listGroups } from '@/lib/policy/groups'
import { SUPPORT_EVENTS, rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { againstTarget, type TargetStatus } from '@/lib/rollout/targets'
import { sendPasskeyRemindersAction } from './actions'
import { BreakGlassFlag, RolloutControls } from './_components/controls'
import { ReminderForm } from './_components/reminder-form'
import { Figure, FigureTable } from './_components/figure'

export const metadata = { title: 'Rollout' }

const METHOD_WORDS: Record<string, string> = {
  passkey: 'Passkey',
  email_code: 'Emailed code',
  magic_link: 'Emailed link',
  recovery: 'Recovery',
  invitation: 'Invitation',
}
const SUPPORT_ROWS: [(typeof SUPPORT_EVENTS)[number], string][] = [
  ['recovery_requested', 'Self-service recoveries started'],
  ['account_recovered', 'Self-service recoveries completed'],
  ['access_code_issued', 'Helpdesk access codes issued'],
  ['access_code_used', 'Helpdesk access codes used'],
  ['access_code_reported', 'Helpdesk access codes reported as not asked for'],
]
const TARGET_WORDS = { below: 'below', on_target: 'on target', ahead: 'ahead' } as const
const targetWords = (status: TargetStatus) => (status ? `${status.target}: ${TARGET_WORDS[status.status]}` : 'none set')
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`)
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
  const groupPreset = new Map(groups.map((group) => [group.id, group.preset]))
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
  const perThousand = (count: number) => (active === 0 ? '–' : ((count / active) * 1000).toFixed(1))
  const stepUpsDone = figures.stepUps.reduce((sum, row) => sum + row.succeeded, 0)
  const stepUpsByPasskey = figures.stepUps.find((row) => row.method === 'passkey')?.succeeded ?? 0
  const totalPasskeys = figures.providers.reduce((sum, row) => sum + row.passkeys, 0)
  const synced = figures.providers.filter((row) => row.synced).reduce((sum, row) => sum + row.passkeys, 0)

  return (
    <>
      <PageHeading title="Passkey rollout" description={`Live figures for ${groupId ? groupName.get(groupId) : 'the whole organisation'}, ${period.label}.`} />
      <BreakGlassFlag signIns={figures.breakGlassSignIns} />
      <RolloutControls filter={filter} groupId={groupId} groups={groups.map((group) => ({ value: group.id, label: group.name }))} />

      <Figure
        id="enrolment"
        title="Enrolment"
        summary={`${percent(enrolled, active)} of ${active} active people have at least one passkey (${enrolled}).`}
        download={query('enrolment')}
      >
        <FigureTable
          caption="Enrolment and recovery readiness by group"
          headings={['Group', 'Active', 'With a passkey', 'Phase target', 'Ready', 'Passkey, no recovery', 'No passkey']}
          rows={figures.enrolment.map((row) => ({
            key: row.group,
            cells: [
              groupName.get(row.group) ?? row.group,
              row.active,
              `${row.withPasskey} (${percent(row.withPasskey, row.active)})`,
              targetWords(againstTarget(groupPreset.get(row.group) ?? null, row.withPasskey, row.active)),
              row.readiness.ready,
              row.readiness.warning,
              row.readiness.noPasskey,
            ],
          }))}
        />
      </Figure>

      <Figure
        id="enrolled-by-week"
        title="Enrolment week by week"
        summary={`First passkeys of today’s active people, by the week they were created (${enrolled} in all).`}
        download={query('enrolled-by-week')}
      >
        <FigureTable
          caption="People enrolled each week"
          headings={['Week starting', 'Newly enrolled', 'Enrolled by then']}
          rows={enrolledBy.map((row) => ({
            key: row.weekStarting,
            cells: [row.weekStarting, row.newlyEnrolled, `${row.cumulative} (${percent(row.cumulative, active)})`],
          }))}
        />
      </Figure>

      <Figure
        id="providers"
        title="Passkeys by provider"
        summary={`${totalPasskeys} passkeys: ${synced} synced, ${totalPasskeys - synced} on one device.`}
        download={query('providers')}
      >
        <FigureTable
          caption="Passkeys by provider, synced or device-bound"
          headings={['Provider', 'Kind', 'Passkeys']}
          rows={figures.providers.map((row) => ({
            key: `${row.provider}-${row.synced}`,
            cells: [row.provider, row.synced ? 'Synced' : 'Device-bound', row.passkeys],
          }))}
        />
      </Figure>

      <Figure
        id="sign-ins"
        title="Sign-ins by method"
        summary={`${succeeded} sign-ins, ${percent(byPasskey, succeeded)} with a passkey.`}
        download={query('sign-ins')}
      >
        <FigureTable
          caption="Sign-ins and success rate by method"
          headings={['Method', 'Signed in', 'Failed', 'Success rate']}
          rows={[...methods.entries()].map(([method, row]) => ({
            key: method,
            cells: [METHOD_WORDS[method] ?? method, row.succeeded, row.failed, percent(row.succeeded, row.succeeded + row.failed)],
          }))}
        />
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
          <FigureTable
            caption="People with a passkey who signed in by email most often"
            headings={['Person', 'Email sign-ins while holding a passkey']}
            rows={fallback.people.map((row) => ({
              key: row.userId,
              cells: [
                <Link key="person" href={`/admin/people/${row.userId}`} className="break-all text-indigo-700 underline dark:text-indigo-300">
                  {row.email}
                </Link>,
                row.count,
              ],
            }))}
          />
        )}
      </Figure>

      <Figure
        id="failures"
        title="Failed sign-ins by reason"
        summary={`${figures.failureReasons.reduce((sum, row) => sum + row.count, 0)} failed sign-ins in this period.`}
        download={query('failures')}
      >
        <FigureTable
          caption="Failed sign-ins by method and reason"
          headings={['Method', 'Reason', 'Failures']}
          rows={figures.failureReasons.map((row) => ({
            key: `${row.method}-${row.reason}`,
            cells: [METHOD_WORDS[row.method] ?? row.method, row.reason.replaceAll('_', ' '), row.count],
          }))}
        />
      </Figure>

      <Figure
        id="support"
        title="Recovery and helpdesk"
        summary={`Per 1,000 active people: ${perThousand(figures.support.recovery_requested)} recoveries started, ${perThousand(figures.support.access_code_issued)} helpdesk access codes issued.`}
        download={query('support')}
      >
        <FigureTable
          caption="Recoveries and helpdesk access codes, in all and per 1,000 active people"
          headings={['Event', 'Count', 'Per 1,000 people']}
          rows={SUPPORT_ROWS.map(([type, label]) => ({ key: type, cells: [label, figures.support[type], perThousand(figures.support[type])] }))}
        />
      </Figure>

      <Figure
        id="protection"
        title="Protection"
        summary={`${percent(stepUpsByPasskey, stepUpsDone)} of confirmations of sensitive actions were by passkey. “This wasn’t me” reports: ${figures.reports.open} open, ${figures.reports.resolved} resolved.`}
        download={query('step-ups')}
      >
        <FigureTable
          caption="Confirmations of sensitive actions (step-up) by method"
          headings={['Method', 'Confirmed', 'Failed']}
          rows={figures.stepUps.map((row) => ({ key: row.method, cells: [METHOD_WORDS[row.method] ?? row.method, row.succeeded, row.failed] }))}
        />
      </Figure>

      <Figure
        id="nudge"
        title="Passkey offers"
        summary={`${figures.nudge.offered} offers after email sign-ins; ${percent(figures.nudge.created, figures.nudge.offered)} were followed by a new passkey within a day; “Not now” ${figures.nudge.dismissed} times.`}
        download={query('nudge')}
      >
        <FigureTable
          caption="Passkey offers: offered, created within a day, put off"
          headings={['Step', 'Count']}
          rows={[
            { key: 'offered', cells: ['Offered', figures.nudge.offered] },
            { key: 'created', cells: ['Created a passkey within a day', figures.nudge.created] },
            { key: 'dismissed', cells: ['Pressed “Not now”', figures.nudge.dismissed] },
          ]}
        />
      </Figure>

      {groupId ? (
        <Figure
          id="to-enrol"
          title="Still to enrol"
          summary={`${figures.enrolment[0]?.readiness.noPasskey ?? 0} active people in ${groupName.get(groupId)} have no passkey${figures.toEnrol.length === 50 ? '; the first 50 are listed, the download has all' : ''}.`}
          download={query('to-enrol')}
        >
          {figures.toEnrol.length > 0 ? (
            <ReminderForm action={sendPasskeyRemindersAction} groupId={groupId} returnTo={`/admin/rollout?group=${encodeURIComponent(groupId)}`} />
          ) : null}
          <FigureTable
            caption="Active people of the group without a passkey"
            headings={['Person', 'Name']}
            rows={figures.toEnrol.map((row) => ({
              key: row.userId,
              cells: [
                <Link key="person" href={`/admin/people/${row.userId}`} className="break-all text-indigo-700 underline dark:text-indigo-300">
                  {row.email}
                </Link>,
                row.name ?? '',
              ],
            }))}
          />
        </Figure>
      ) : null}

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
