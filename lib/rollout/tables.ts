import { againstTarget } from './targets'
import { UNKNOWN_PROVIDER, type RolloutFigures } from './figures'
import { deviceViews } from './device-tables'
import { person, sum, supportViews } from './support-tables'
import { rolloutWords } from './words'
import { day, enrolmentByWeek, signInsByDay, weekOf } from './timeline'
import type { Cell, Chart, View, ViewContext } from './view'

/**
 * The dashboard's figures as what a person reads, in their language: for
 * each, a title, a one-line summary, a table and, where a picture helps, a
 * chart drawn from the same numbers. The page and the CSV download both take
 * their tables from here, so a download is the table on the page, cell for
 * cell (counts plain, days and moments beside their ISO 8601 form). Here:
 * adoption and sign-ins; support, protection and phases in support-tables.ts.
 */

export function rolloutViews(figures: RolloutFigures, context: ViewContext): View[] {
  const { t, format } = context.translator
  const words = rolloutWords(context.translator)
  const { method, percent } = words
  const groupName = (id: string) => context.groups.find((group) => group.id === id)?.name ?? id
  const groupPreset = (id: string) => context.groups.find((group) => group.id === id)?.preset ?? null
  // A marker sits on its week's or day's point, but says when the phase really changed, as the phases table does.
  const markerText = (phase: RolloutFigures['phases'][number]) =>
    t('rollout.figure.marker', {
      at: words.time(phase.at),
      change: t('rollout.figure.phaseChange', { group: groupName(phase.groupId), phase: words.phase(phase.preset) }),
    })
  /** Days as chart labels: the ISO day stays the point's key. */
  const dayLabels = (days: string[]): Chart['labels'] => Object.fromEntries(days.map((each) => [each, words.shortDay(each)]))
  const dated = (each: string): Cell => ({ text: words.day(each), iso: each })
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
  const providerName = (provider: string) => (provider === UNKNOWN_PROVIDER ? t('rollout.unknownProvider') : provider)
  const providerNames = [...new Set(figures.providers.map((row) => row.provider))]
  const fallback = figures.fallback

  // People and passkeys come from the background job's count (snapshot.ts), at most a minute old.
  const counted = figures.snapshotAt ? t('rollout.counted.at', { time: format.dateTime(figures.snapshotAt, 'clock') }) : t('rollout.counted.notYet')
  // Each phase's target stands beside the group's share in the summary too, not only in the table behind "Table view".
  const targetItems = figures.enrolment.flatMap((row) => {
    const status = againstTarget(groupPreset(row.group), row.withPasskey, row.active)
    const item = { group: groupName(row.group), share: percent(row.withPasskey, row.active), target: words.target(status) }
    return status ? [t('rollout.figures.enrolment.targetItem', item)] : []
  })
  const targets = targetItems.length > 0 ? t('rollout.figures.enrolment.targets', { list: format.list(targetItems, { type: 'conjunction' }) }) : ''
  const views: View[] = [
    {
      id: 'enrolment',
      title: t('rollout.figures.enrolment.title'),
      summary: [t('rollout.figures.enrolment.summary', { share: percent(enrolled, active), active, enrolled }), targets, counted].filter(Boolean).join(' '),
      table: {
        caption: t('rollout.figures.enrolment.caption'),
        headings: [
          t('rollout.figures.enrolment.group'),
          t('rollout.figures.enrolment.active'),
          t('rollout.figures.enrolment.withPasskey'),
          t('rollout.figures.enrolment.target'),
          t('rollout.figures.enrolment.ready'),
          t('rollout.figures.enrolment.warning'),
          t('rollout.figures.enrolment.noPasskey'),
        ],
        rows: figures.enrolment.map((row) => ({
          key: row.group,
          cells: [
            { data: groupName(row.group) },
            row.active,
            words.countAndShare(row.withPasskey, row.active),
            words.target(againstTarget(groupPreset(row.group), row.withPasskey, row.active)),
            row.readiness.ready,
            row.readiness.warning,
            row.readiness.noPasskey,
          ],
        })),
      },
      chart: {
        kind: 'stacked-bars',
        axis: 'names',
        unit: 'count',
        points: figures.enrolment.map((row) => ({ x: groupName(row.group), ...row.readiness })),
        labels: {},
        series: [
          { key: 'ready', label: t('rollout.figures.enrolment.ready') },
          { key: 'warning', label: t('rollout.figures.enrolment.warning') },
          { key: 'noPasskey', label: t('rollout.figures.enrolment.noPasskey') },
        ],
        markers: [],
      },
    },
    {
      id: 'enrolled-by-week',
      title: t('rollout.figures.enrolledByWeek.title'),
      summary: t('rollout.figures.enrolledByWeek.summary', { active }),
      table: {
        caption: t('rollout.figures.enrolledByWeek.caption'),
        headings: [
          t('rollout.figures.enrolledByWeek.weekStarting'),
          t('rollout.figures.enrolledByWeek.newlyEnrolled'),
          t('rollout.figures.enrolledByWeek.enrolledByThen'),
        ],
        dated: [0],
        rows: weeks.map((row) => ({ key: row.x, cells: [dated(row.x), row.newlyEnrolled, words.countAndShare(row.cumulative, active)] })),
      },
      chart: {
        kind: 'line',
        axis: 'time',
        unit: 'percent',
        points: weeks.map((row) => ({ x: row.x, enrolled: active === 0 ? 0 : Math.round((row.cumulative / active) * 1000) / 10 })),
        labels: dayLabels(weeks.map((row) => row.x)),
        series: [{ key: 'enrolled', label: t('rollout.figures.enrolledByWeek.series') }],
        markers: figures.phases.map((phase) => ({ x: weekOf(phase.at), text: markerText(phase) })),
      },
    },
    {
      id: 'providers',
      title: t('rollout.figures.providers.title'),
      summary: t('rollout.figures.providers.summary', { total: totalPasskeys, synced, deviceBound: totalPasskeys - synced }),
      table: {
        caption: t('rollout.figures.providers.caption'),
        headings: [t('rollout.figures.providers.provider'), t('rollout.figures.providers.kind'), t('rollout.figures.providers.passkeys')],
        rows: figures.providers.map((row) => ({
          key: `${row.provider}-${row.synced}`,
          cells: [
            row.provider === UNKNOWN_PROVIDER ? providerName(row.provider) : { data: row.provider },
            row.synced ? t('rollout.figures.providers.synced') : t('rollout.figures.providers.deviceBound'),
            row.passkeys,
          ],
        })),
      },
      chart: {
        kind: 'stacked-bars',
        axis: 'names',
        unit: 'count',
        points: providerNames.map((provider) => ({
          x: provider,
          synced: figures.providers.find((row) => row.provider === provider && row.synced)?.passkeys ?? 0,
          deviceBound: figures.providers.find((row) => row.provider === provider && !row.synced)?.passkeys ?? 0,
        })),
        labels: providerNames.includes(UNKNOWN_PROVIDER) ? { [UNKNOWN_PROVIDER]: providerName(UNKNOWN_PROVIDER) } : {},
        series: [
          { key: 'synced', label: t('rollout.figures.providers.synced') },
          { key: 'deviceBound', label: t('rollout.figures.providers.deviceBound') },
        ],
        markers: [],
      },
    },
    {
      id: 'sign-ins',
      title: t('rollout.figures.signIns.title'),
      summary: t('rollout.figures.signIns.summary', { count: succeeded, share: percent(methods.get('passkey')?.succeeded ?? 0, succeeded) }),
      table: {
        caption: t('rollout.figures.signIns.caption'),
        headings: [
          t('rollout.figures.signIns.method'),
          t('rollout.figures.signIns.signedIn'),
          t('rollout.figures.signIns.failed'),
          t('rollout.figures.signIns.successRate'),
        ],
        rows: signInMethods.map((id) => {
          const row = methods.get(id)!
          return { key: id, cells: [method(id), row.succeeded, row.failed, percent(row.succeeded, row.succeeded + row.failed)] }
        }),
      },
    },
    {
      id: 'sign-ins-by-day',
      title: t('rollout.figures.signInsByDay.title'),
      summary: t('rollout.figures.signInsByDay.summary'),
      table: {
        caption: t('rollout.figures.signInsByDay.caption'),
        headings: [t('rollout.figures.signInsByDay.day'), ...signInMethods.map(method)],
        dated: [0],
        rows: [...byDay.values()].map((point) => ({ key: point.x, cells: [dated(point.x), ...signInMethods.map((id) => point[id] ?? 0)] })),
      },
      chart: {
        kind: 'stacked-bars',
        axis: 'time',
        unit: 'count',
        points: [...byDay.values()],
        labels: dayLabels([...byDay.keys()]),
        series: signInMethods.map((id) => ({ key: id, label: method(id) })),
        markers: figures.phases.filter((phase) => byDay.has(day(phase.at))).map((phase) => ({ x: day(phase.at), text: markerText(phase) })),
      },
    },
    {
      id: 'time-to-sign-in',
      title: t('rollout.figures.timeToSignIn.title'),
      summary:
        figures.timeToSignIn.length === 0
          ? t('rollout.figures.timeToSignIn.none')
          : t('rollout.figures.timeToSignIn.summary', {
              times: format.list(
                figures.timeToSignIn.map((row) => t('rollout.figures.timeToSignIn.item', { method: method(row.method), time: words.seconds(row.medianMs) })),
                { type: 'unit' },
              ),
            }),
      table: {
        caption: t('rollout.figures.timeToSignIn.caption'),
        headings: [
          t('rollout.figures.timeToSignIn.method'),
          t('rollout.figures.timeToSignIn.measured'),
          t('rollout.figures.timeToSignIn.median'),
          t('rollout.figures.timeToSignIn.p90'),
        ],
        rows: figures.timeToSignIn.map((row) => ({
          key: row.method,
          cells: [method(row.method), row.measured, { data: words.seconds(row.medianMs) }, { data: words.seconds(row.p90Ms) }],
        })),
      },
      chart: {
        kind: 'bars',
        axis: 'names',
        unit: 'seconds',
        points: figures.timeToSignIn.map((row) => ({ x: row.method, median: row.medianMs / 1000, p90: row.p90Ms / 1000 })),
        labels: Object.fromEntries(figures.timeToSignIn.map((row) => [row.method, method(row.method)])),
        series: [
          { key: 'median', label: t('rollout.figures.timeToSignIn.median') },
          { key: 'p90', label: t('rollout.figures.timeToSignIn.p90') },
        ],
        markers: [],
      },
    },
    {
      id: 'fallback',
      title: t('rollout.figures.fallback.title'),
      summary: [
        t('rollout.figures.fallback.summary', {
          share: percent(fallback.byPasskeyHolders, fallback.emailSignIns),
          held: fallback.byPasskeyHolders,
          total: fallback.emailSignIns,
        }),
        fallback.textSignIns > 0 ? t('rollout.figures.fallback.texts', { count: fallback.textSignIns }) : null,
      ]
        .filter(Boolean)
        .join(' '),
      table: {
        caption: t('rollout.figures.fallback.caption'),
        headings: [t('rollout.figures.fallback.person'), t('rollout.figures.fallback.count')],
        rows: fallback.people.map((row) => ({ key: row.userId, cells: [person(row.userId, row.email), row.count] })),
      },
      whenEmpty: t('rollout.figures.fallback.empty'),
    },
    {
      id: 'failures',
      title: t('rollout.figures.failures.title'),
      summary: t('rollout.figures.failures.summary', { count: sum(figures.failureReasons, (row) => row.count) }),
      table: {
        caption: t('rollout.figures.failures.caption'),
        headings: [t('rollout.figures.failures.method'), t('rollout.figures.failures.reason'), t('rollout.figures.failures.failures')],
        rows: figures.failureReasons.map((row) => ({
          key: `${row.method}-${row.reason}`,
          cells: [method(row.method), words.reason(row.reason), row.count],
        })),
      },
    },
  ]
  // The device picture follows the providers: both are about what people enrol on.
  const afterProviders = views.findIndex((view) => view.id === 'providers') + 1
  return [...views.slice(0, afterProviders), ...deviceViews(figures, context), ...views.slice(afterProviders), ...supportViews(figures, context)]
}
