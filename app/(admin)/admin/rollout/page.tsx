import { PageHeading } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { findPreset } from '@/lib/policy/presets'
import { groupNames } from '@/lib/policy/groups'
import { rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { rolloutViews } from '@/lib/rollout/tables'
import { sendPasskeyRemindersAction } from './actions'
import { BreakGlassFlag, RolloutControls } from './_components/controls'
import { ReminderForm } from './_components/reminder-form'
import { Figure } from './_components/figure'

export const metadata = { title: 'Rollout' }

/** The passkey rollout, live: enrolment, sign-ins by method, fallback to email, and each group's phase changes. */
export default async function RolloutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/rollout')
  const raw = await searchParams
  const filter = rolloutFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const groups = await groupNames()
  const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
  const period = periodOf(filter)
  const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
  const groupName = new Map(groups.map((group) => [group.id, group.name]))
  const query = (figure: string) =>
    `/admin/rollout/download?${new URLSearchParams({ figure, ...(filter.range ? { range: filter.range } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(groupId ? { group: groupId } : {}) }).toString()}`

  const views = rolloutViews(figures, { groups, groupId, period, phaseName: (preset) => findPreset(preset)?.name ?? preset })

  return (
    <>
      <PageHeading title="Passkey rollout" description={`Live figures for ${groupId ? groupName.get(groupId) : 'the whole organisation'}, ${period.label}.`} />
      <BreakGlassFlag signIns={figures.breakGlassSignIns} />
      <RolloutControls filter={filter} groupId={groupId} groups={groups.map((group) => ({ value: group.id, label: group.name }))} />

      {views.map((view) => (
        <Figure key={view.id} view={view} download={query(view.id)}>
          {view.id === 'to-enrol' && groupId && figures.toEnrol.length > 0 ? (
            <ReminderForm action={sendPasskeyRemindersAction} groupId={groupId} returnTo={`/admin/rollout?group=${encodeURIComponent(groupId)}`} />
          ) : null}
        </Figure>
      ))}
    </>
  )
}
