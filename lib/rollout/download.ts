import 'server-only'
import { csvField } from '../activity/export'
import { groupNames } from '../policy/groups'
import { findPreset } from '../policy/presets'
import { peopleToEnrol, rolloutFigures } from './figures'
import { periodOf, type RolloutFilter } from './period'
import { rolloutViews } from './tables'
import { cellText, type FigureId } from './view'

/**
 * One of the rollout dashboard's tables as CSV, with the same period and
 * group, built by the same code as the table on the page. The people still
 * to enrol are all listed (the page lists the first 50), for one group.
 */
export async function rolloutDownload(
  input: RolloutFilter & { figure: FigureId },
): Promise<{ ok: true; csv: string; filename: string } | { ok: false; reason: 'group_required' }> {
  const { figure, ...filter } = input
  let rows: string[][]
  if (figure === 'to-enrol') {
    if (!filter.group) return { ok: false, reason: 'group_required' }
    rows = [['Person', 'Name'], ...(await peopleToEnrol(filter.group)).map((row) => [row.email, row.name ?? ''])]
  } else {
    const groups = await groupNames()
    const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
    const period = periodOf(filter)
    const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
    const views = rolloutViews(figures, { groups, groupId, period, phaseName: (preset) => findPreset(preset)?.name ?? preset })
    const view = views.find((each) => each.id === figure)!
    rows = [view.table.headings, ...view.table.rows.map((row) => row.cells.map(cellText))]
  }
  const csv = `${rows.map((row) => row.map((cell) => csvField(cell)).join(',')).join('\r\n')}\r\n`
  return { ok: true, csv, filename: `rollout-${figure}-${new Date().toISOString().slice(0, 10)}.csv` }
}
