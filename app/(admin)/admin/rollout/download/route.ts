import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { csvField } from '@/lib/activity/export'
import { findPreset } from '@/lib/policy/presets'
import { groupNames } from '@/lib/policy/groups'
import { peopleToEnrol, rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { rolloutViews } from '@/lib/rollout/tables'
import { FIGURE_IDS, cellText } from '@/lib/rollout/view'
import { downloadResponse } from '@/lib/web/download'

/**
 * GET ?figure=…&range=…: one of the dashboard's tables as CSV, with the same
 * period and group, built by the same code as the table on the page.
 */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/rollout', query: rolloutFilterSchema.extend({ figure: z.enum(FIGURE_IDS) }) },
  async ({ data: { figure, ...filter } }) => {
    let rows: string[][]
    if (figure === 'to-enrol') {
      // A group's people still to enrol, all of them (the page lists the first 50).
      if (!filter.group) return new Response('Choose a group.', { status: 400 })
      rows = [['Person', 'Name'], ...(await peopleToEnrol(filter.group)).map((row) => [row.email, row.name ?? ''])]
    } else {
      const groups = await groupNames()
      const groupId = groups.some((group) => group.id === filter.group) ? filter.group! : null
      const period = periodOf(filter)
      const figures = await rolloutFigures({ from: period.from, to: period.to, groupId })
      const view = rolloutViews(figures, { groups, groupId, period, phaseName: (preset) => findPreset(preset)?.name ?? preset }).find(
        (each) => each.id === figure,
      )!
      rows = [view.table.headings, ...view.table.rows.map((row) => row.cells.map(cellText))]
    }
    const csv = `${rows.map((row) => row.map((cell) => csvField(cell)).join(',')).join('\r\n')}\r\n`
    return downloadResponse(csv, `rollout-${figure}-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv; charset=utf-8')
  },
)
