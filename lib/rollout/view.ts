/** What the dashboard shows of one figure: its table and, where a picture helps, a chart of the same numbers (tables.ts builds them). */

export type Cell = string | number | { text: string; href: string }
export type Table = { caption: string; headings: string[]; rows: { key: string; cells: Cell[] }[] }
export type Chart = {
  kind: 'stacked-bars' | 'bars' | 'line'
  /** Points along the category axis: `x` names the point, each series key holds its value. */
  points: ({ x: string } & Record<string, string | number>)[]
  series: { key: string; label: string }[]
  unit: 'count' | 'percent' | 'seconds'
  /** Rollout phase changes, drawn at the point they fall on. */
  markers: { x: string; label: string }[]
}
export type View = { id: FigureId; title: string; summary: string; table: Table; chart?: Chart; whenEmpty?: string }

export const FIGURE_IDS = [
  'enrolment',
  'enrolled-by-week',
  'providers',
  'sign-ins',
  'sign-ins-by-day',
  'time-to-sign-in',
  'fallback',
  'failures',
  'support',
  'step-ups',
  'nudge',
  'phases',
  'to-enrol',
] as const
export type FigureId = (typeof FIGURE_IDS)[number]

/** A cell as plain text, for the CSV download. */
export const cellText = (cell: Cell) => (typeof cell === 'object' ? cell.text : String(cell))
