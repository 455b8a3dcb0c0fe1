import { againstTarget } from './targets'
import { SUPPORT_EVENTS, type RolloutFigures } from './figures'
import { METHOD_WORDS, SUPPORT_ROWS, percent, seconds, targetWords } from './words'
import { day, enrolmentByWeek, signInsByDay, weekOf } from './timeline'
import type { Cell, View } from './view'

/**
 * The dashboard's figures as what a person reads: for each, a title, a
 * one-line summary, a table and, where a picture helps, a chart drawn from
 * the same numbers. The page and the CSV download both take their tables from
 * here, so a download is the table on the page, cell for cell.
 */

export type ViewContext = {
  groups: { id: string; name: string; preset: string | null }[]
  /** Readable names of rollout phases (policy presets) by id. */
  phaseName: (preset: string) => string
  groupId: string | null
  period: { from: Date; to: Date }
}

const method = (id: string) => METHOD_WORDS[id] ?? id
const person = (userId: string, email: string): Cell => ({ text: email, href: `/admin/people/${userId}` })
const sum = <T>(rows: T[], value: (row: T) => number) => rows.reduce((total, row) => total + value(row), 0)

export function rolloutViews(figures: RolloutFigures, context: ViewContext): View[] {
  const groupName = (id: string) => context.groups.find((group) => group.id === id)?.name ?? id
  const groupPreset = (id: string) => context.groups.find((group) => group.id === id)?.preset ?? null
  const markerLabel = (phase: RolloutFigures['phases'][number]) => `${groupName(phase.groupId)} → ${context.phaseName(phase.preset)}`
  const active = sum(figures.enrolment, (row) => row.active)
  const enrolled = sum(figures.enrolment, (row) => row.withPasskey)

  const methods = new Map<string, { succeeded: number; failed: number }>()
  for (const row of figures.signIns) {
    const entry = methods.get(row.method) ?? { succeeded: 0, failed: 0 }
    entry.succeeded += row.succeeded
    entry.failed += row.failed
    methods.set(row.method, entry)
  }
  const succeeded = sum([...methods.values()], (row) => row.succeeded)
  const signInMethods = [...methods.keys()].sort()

  const byDay = signInsByDay(figures.signIns, signInMethods, context.period)
  const weeks = enrolmentByWeek(figures.enrolledByWeek, figures.phases, context.period.to)

  const totalPasskeys = sum(figures.providers, (row) => row.passkeys)
  const synced = sum(
    figures.providers.filter((row) => row.synced),
    (row) => row.passkeys,
  )
  const providerNames = [...new Set(figures.providers.map((row) => row.provider))]
  const stepUpsDone = sum(figures.stepUps, (row) => row.succeeded)
  const stepUpsByPasskey = figures.stepUps.find((row) => row.method === 'passkey')?.succeeded ?? 0
  const perThousand = (count: number) => (active === 0 ? '–' : ((count / active) * 1000).toFixed(1))
  const fallback = figures.fallback
  const noPasskey = figures.enrolment.find((row) => row.group === context.groupId)?.readiness.noPasskey ?? 0

  // People and passkeys come from the background job's count (snapshot.ts), at most a minute old.
  const counted = figures.snapshotAt
    ? `Counted at ${figures.snapshotAt.toISOString().slice(11, 16)} UTC; recounted every minute.`
    : 'Not counted yet: the first count runs within a minute of the server starting.'
  const views: View[] = [
    {
      id: 'enrolment',
      title: 'Enrolment',
      summary: `${percent(enrolled, active)} of ${active} active people have at least one passkey (${enrolled}). ${counted}`,
      table: {
        caption: 'Enrolment and recovery readiness by group',
        headings: ['Group', 'Active', 'With a passkey', 'Phase target', 'Ready', 'Passkey, no recovery', 'No passkey'],
        rows: figures.enrolment.map((row) => ({
          key: row.group,
          cells: [
            groupName(row.group),
            row.active,
            `${row.withPasskey} (${percent(row.withPasskey, row.active)})`,
            targetWords(againstTarget(groupPreset(row.group), row.withPasskey, row.active)),
            row.readiness.ready,
            row.readiness.warning,
            row.readiness.noPasskey,
          ],
        })),
      },
      chart: {
        kind: 'stacked-bars',
        unit: 'count',
        points: figures.enrolment.map((row) => ({ x: groupName(row.group), ...row.readiness })),
        series: [
          { key: 'ready', label: 'Ready' },
          { key: 'warning', label: 'Passkey, no recovery' },
          { key: 'noPasskey', label: 'No passkey' },
        ],
        markers: [],
      },
    },
    {
      id: 'enrolled-by-week',
      title: 'Enrolment week by week',
      summary: `Share of today’s ${active} active people with a passkey by the end of each week, by when their first passkey was created; lines mark phase changes.`,
      table: {
        caption: 'People enrolled each week',
        headings: ['Week starting', 'Newly enrolled', 'Enrolled by then'],
        rows: weeks.map((row) => ({ key: row.x, cells: [row.x, row.newlyEnrolled, `${row.cumulative} (${percent(row.cumulative, active)})`] })),
      },
      chart: {
        kind: 'line',
        unit: 'percent',
        points: weeks.map((row) => ({ x: row.x, enrolled: active === 0 ? 0 : Math.round((row.cumulative / active) * 1000) / 10 })),
        series: [{ key: 'enrolled', label: 'Enrolled' }],
        markers: figures.phases.map((phase) => ({ x: weekOf(phase.at), label: markerLabel(phase) })),
      },
    },
    {
      id: 'providers',
      title: 'Passkeys by provider',
      summary: `${totalPasskeys} passkeys: ${synced} synced, ${totalPasskeys - synced} on one device.`,
      table: {
        caption: 'Passkeys by provider, synced or device-bound',
        headings: ['Provider', 'Kind', 'Passkeys'],
        rows: figures.providers.map((row) => ({
          key: `${row.provider}-${row.synced}`,
          cells: [row.provider, row.synced ? 'Synced' : 'Device-bound', row.passkeys],
        })),
      },
      chart: {
        kind: 'stacked-bars',
        unit: 'count',
        points: providerNames.map((provider) => ({
          x: provider,
          synced: figures.providers.find((row) => row.provider === provider && row.synced)?.passkeys ?? 0,
          deviceBound: figures.providers.find((row) => row.provider === provider && !row.synced)?.passkeys ?? 0,
        })),
        series: [
          { key: 'synced', label: 'Synced' },
          { key: 'deviceBound', label: 'Device-bound' },
        ],
        markers: [],
      },
    },
    {
      id: 'sign-ins',
      title: 'Sign-ins by method',
      summary: `${succeeded} sign-ins, ${percent(methods.get('passkey')?.succeeded ?? 0, succeeded)} with a passkey.`,
      table: {
        caption: 'Sign-ins and success rate by method',
        headings: ['Method', 'Signed in', 'Failed', 'Success rate'],
        rows: signInMethods.map((id) => {
          const row = methods.get(id)!
          return { key: id, cells: [method(id), row.succeeded, row.failed, percent(row.succeeded, row.succeeded + row.failed)] }
        }),
      },
    },
    {
      id: 'sign-ins-by-day',
      title: 'Sign-ins over time',
      summary: `Successful sign-ins each day by method; lines mark phase changes.`,
      table: {
        caption: 'Successful sign-ins each day by method',
        headings: ['Day', ...signInMethods.map(method)],
        rows: [...byDay.values()].map((point) => ({ key: point.x, cells: [point.x, ...signInMethods.map((id) => point[id] ?? 0)] })),
      },
      chart: {
        kind: 'stacked-bars',
        unit: 'count',
        points: [...byDay.values()],
        series: signInMethods.map((id) => ({ key: id, label: method(id) })),
        markers: figures.phases.filter((phase) => byDay.has(day(phase.at))).map((phase) => ({ x: day(phase.at), label: markerLabel(phase) })),
      },
    },
    {
      id: 'time-to-sign-in',
      title: 'Time to sign in',
      summary:
        figures.timeToSignIn.length === 0
          ? 'No sign-in in this period recorded its time.'
          : `From asking to sign in to being signed in, half of the sign-ins took at most: ${figures.timeToSignIn.map((row) => `${method(row.method)} ${seconds(row.medianMs)}`).join(', ')}.`,
      table: {
        caption: 'Time from request to session by method: median and 90th percentile',
        headings: ['Method', 'Sign-ins measured', 'Median', '90th percentile'],
        rows: figures.timeToSignIn.map((row) => ({ key: row.method, cells: [method(row.method), row.measured, seconds(row.medianMs), seconds(row.p90Ms)] })),
      },
      chart: {
        kind: 'bars',
        unit: 'seconds',
        points: figures.timeToSignIn.map((row) => ({ x: method(row.method), median: row.medianMs / 1000, p90: row.p90Ms / 1000 })),
        series: [
          { key: 'median', label: 'Median' },
          { key: 'p90', label: '90th percentile' },
        ],
        markers: [],
      },
    },
    {
      id: 'fallback',
      title: 'Fallback to email',
      summary: `${percent(fallback.byPasskeyHolders, fallback.emailSignIns)} of email sign-ins (${fallback.byPasskeyHolders} of ${fallback.emailSignIns}) were by people who already had a passkey.`,
      table: {
        caption: 'People with a passkey who signed in by email most often',
        headings: ['Person', 'Email sign-ins while holding a passkey'],
        rows: fallback.people.map((row) => ({ key: row.userId, cells: [person(row.userId, row.email), row.count] })),
      },
      whenEmpty: 'Nobody with a passkey signed in by email in this period.',
    },
    {
      id: 'failures',
      title: 'Failed sign-ins by reason',
      summary: `${sum(figures.failureReasons, (row) => row.count)} failed sign-ins in this period.`,
      table: {
        caption: 'Failed sign-ins by method and reason',
        headings: ['Method', 'Reason', 'Failures'],
        rows: figures.failureReasons.map((row) => ({
          key: `${row.method}-${row.reason}`,
          cells: [method(row.method), row.reason.replaceAll('_', ' '), row.count],
        })),
      },
    },
    {
      id: 'support',
      title: 'Recovery and helpdesk',
      summary: `Per 1,000 active people: ${perThousand(figures.support.recovery_requested)} recoveries started, ${perThousand(figures.support.access_code_issued)} helpdesk access codes issued.`,
      table: {
        caption: 'Recoveries and helpdesk access codes, in all and per 1,000 active people',
        headings: ['Event', 'Count', 'Per 1,000 people'],
        rows: SUPPORT_EVENTS.map((type) => ({ key: type, cells: [SUPPORT_ROWS[type], figures.support[type], perThousand(figures.support[type])] })),
      },
    },
    {
      id: 'step-ups',
      title: 'Protection',
      summary: `${percent(stepUpsByPasskey, stepUpsDone)} of confirmations of sensitive actions were by passkey. “This wasn’t me” reports: ${figures.reports.open} open, ${figures.reports.resolved} resolved.`,
      table: {
        caption: 'Confirmations of sensitive actions (step-up) by method',
        headings: ['Method', 'Confirmed', 'Failed'],
        rows: figures.stepUps.map((row) => ({ key: row.method, cells: [method(row.method), row.succeeded, row.failed] })),
      },
    },
    {
      id: 'nudge',
      title: 'Passkey offers',
      summary: `${figures.nudge.offered} offers after email sign-ins; ${percent(figures.nudge.created, figures.nudge.offered)} were followed by a new passkey within a day; “Not now” ${figures.nudge.dismissed} times.`,
      table: {
        caption: 'Passkey offers: offered, created within a day, put off',
        headings: ['Step', 'Count'],
        rows: [
          { key: 'offered', cells: ['Offered', figures.nudge.offered] },
          { key: 'created', cells: ['Created a passkey within a day', figures.nudge.created] },
          { key: 'dismissed', cells: ['Pressed “Not now”', figures.nudge.dismissed] },
        ],
      },
    },
  ]
  views.push({
    id: 'phases',
    title: 'Rollout phases',
    summary: `${figures.phases.length} phase changes up to the end of this period, oldest first; the charts mark them.`,
    table: {
      caption: 'Rollout phase changes by group',
      headings: ['Date', 'Group', 'Phase'],
      rows: figures.phases.map((phase) => ({
        key: `${phase.groupId}-${phase.at.toISOString()}`,
        cells: [day(phase.at), groupName(phase.groupId), context.phaseName(phase.preset)],
      })),
    },
    whenEmpty: 'No phase changes yet.',
  })
  if (context.groupId) {
    views.push({
      id: 'to-enrol',
      title: 'Still to enrol',
      summary: `${noPasskey} active people in ${groupName(context.groupId)} have no passkey${figures.toEnrol.length === 50 ? '; the first 50 are listed, the download has all' : ''}.`,
      table: {
        caption: 'Active people of the group without a passkey',
        headings: ['Person', 'Name'],
        rows: figures.toEnrol.map((row) => ({ key: row.userId, cells: [person(row.userId, row.email), row.name ?? ''] })),
      },
    })
  }
  return views
}
