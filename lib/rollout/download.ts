import 'server-only'
import { csvField } from '../activity/export'
import type { Translator } from '../i18n/translator'
import { groupNames } from '../policy/groups'
import { peopleToEnrol, rolloutFigures } from './figures'
import { periodOf, type RolloutFilter } from './period'
import { toEnrolTable } from './support-tables'
import { rolloutViews } from './tables'
import { tableRows, type FigureId, type Table } from './view'

/**
 * One of the rollout dashboard's tables as CSV, with the same period and
 * group, built by the same code as the table on the page and in the same
 * reader's words; days and moments also in ISO 8601 (UTC), counts as plain
 * numbers. The people still to enrol are all listed (the page lists the
 * first 50), for one group.
 */
export async function rolloutDownload(
  input: RolloutFilter & { figure: FigureId },
  translator: Translator,
): Promise<{ ok: true; csv: string; filename: string } | { ok: false; reason: 'group_required' }> {
  const { figure, ...filter } = input
  let table: Table
  if (figure === 'to-enrol') {
    if (!filter.group) return { ok: false, reason: 'group_required' }
    table = toEnrolTable(translator, await peopleToEnrol(filter.group))
  } else {
    const groups = await groupNames()
    const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
    const period = periodOf(filter)
    const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
    table = rolloutViews(figures, { groups, groupId, period, translator }).find((each) => each.id === figure)!.table
  }
  const rows = tableRows(table, (heading) => translator.t('rollout.download.isoColumn', { heading }))
  const csv = `${rows.map((row) => row.map((cell) => csvField(cell)).join(',')).join('\r\n')}\r\n`
  return { ok: true, csv, filename: `rollout-${figure}-${new Date().toISOString().slice(0, 10)}.csv` }
}
