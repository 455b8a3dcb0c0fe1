import { ZoneNote } from '../_components/zone-note'
import { getFormatter, getTranslations } from 'next-intl/server'
import { PageHeading } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { groupNames } from '@/lib/policy/groups'
import { requestTranslator } from '@/lib/i18n/reader'
import { rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { rolloutViews } from '@/lib/rollout/tables'
import { sendPasskeyRemindersAction } from './actions'
import { BreakGlassFlag, RolloutControls } from './_components/controls'
import { ReminderForm } from './_components/reminder-form'
import { Figure } from './_components/figure'

export async function generateMetadata() {
  const t = await getTranslations('rollout')
  return { title: t('title') }
}

/** The passkey rollout, live: enrolment, sign-ins by method, fallback to email, and each group's phase changes. */
export default async function RolloutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/rollout')
  const raw = await searchParams
  const filter = rolloutFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const groups = await groupNames()
  const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
  const period = periodOf(filter)
  const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
  const [t, format, translator] = await Promise.all([getTranslations('rollout'), getFormatter(), requestTranslator()])
  const query = (figure: string) =>
    `/admin/rollout/download?${new URLSearchParams({ figure, ...(filter.range ? { range: filter.range } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(groupId ? { group: groupId } : {}) }).toString()}`

  const views = rolloutViews(figures, { groups, groupId, period, translator })
  // A custom period is whole UTC days, named as days.
  const utcDay = (day: Date) => format.dateTime(day, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
  const group = groups.find((each) => each.id === groupId)?.name
  const { span } = period
  const description =
    'days' in span
      ? group
        ? t('description.groupLast', { group, days: span.days })
        : t('description.organisationLast', { days: span.days })
      : group
        ? t('description.groupCustom', { group, from: utcDay(span.first), to: utcDay(span.last) })
        : t('description.organisationCustom', { from: utcDay(span.first), to: utcDay(span.last) })

  return (
    <>
      <PageHeading title={t('heading')} description={description} />
      <ZoneNote />
      <BreakGlassFlag signIns={figures.breakGlassSignIns} />
      <RolloutControls filter={filter} groupId={groupId} groups={groups.map((each) => ({ value: each.id, label: each.name, data: true }))} />

      {views.map((view) => (
        <Figure key={view.id} view={view} download={query(view.id)}>
          {view.id === 'to-enrol' && groupId && figures.toEnrol.length > 0 ? (
            <ReminderForm
              action={sendPasskeyRemindersAction}
              groupId={groupId}
              returnTo={`/admin/rollout?group=${encodeURIComponent(groupId)}`}
              labels={{ send: t('reminders.send'), sending: t('reminders.sending') }}
            />
          ) : null}
        </Figure>
      ))}
    </>
  )
}
