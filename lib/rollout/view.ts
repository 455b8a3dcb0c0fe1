import type { Translator } from '../i18n/translator'

/** What the dashboard shows of one figure: its table and, where a picture helps, a chart of the same numbers (tables.ts builds them). */

/**
 * One cell of a table: our own words (a string, from the catalogue), a count
 * (formatted for the reader on the page, plain in the download), data that is
 * nobody's words to translate (a group's, a provider's or a person's name), a
 * person linked to their page, or a day or moment in the reader's words with
 * its ISO 8601 form, which the download keeps in a column of its own.
 */
export type Cell = string | number | { data: string } | { text: string; href: string } | { text: string; iso: string }
export type Table = {
  caption: string
  headings: string[]
  rows: { key: string; cells: Cell[] }[]
  /** The columns holding days or moments (cells with `iso`). */
  dated?: number[]
}
export type Chart = {
  kind: 'stacked-bars' | 'bars' | 'line'
  /**
   * What the points are: days or weeks, drawn left to right (right to left in
   * Arabic), or names (groups, providers, methods), drawn as one row each with
   * its name beside it, so no name is dropped for want of room on a phone.
   */
  axis: 'time' | 'names'
  /** Points along the category axis: `x` names the point, each series key holds its value. */
  points: ({ x: string } & Record<string, string | number>)[]
  /** How an `x` reads where it is not itself the words to show (days and weeks, in the reader's language). */
  labels: Record<string, string>
  series: { key: string; label: string }[]
  unit: 'count' | 'percent' | 'seconds'
  /** Rollout phase changes, drawn at the point `x` they fall on and listed under the chart as `text`. */
  markers: { x: string; text: string }[]
}
export type View = { id: FigureId; title: string; summary: string; table: Table; chart?: Chart; whenEmpty?: string }

export const FIGURE_IDS = [
  'enrolment',
  'enrolled-by-week',
  'providers',
  'devices',
  'capabilities',
  'sign-ins',
  'sign-ins-by-day',
  'time-to-sign-in',
  'fallback',
  'failures',
  'support',
  'email-delivery',
  'step-ups',
  'nudge',
  'phases',
  'to-enrol',
] as const
export type FigureId = (typeof FIGURE_IDS)[number]

export const isDated = (cell: Cell): cell is { text: string; iso: string } => typeof cell === 'object' && 'iso' in cell

/**
 * A table as CSV rows, headings first: the table on the page cell for cell,
 * except that counts are plain numbers and each column of days or moments
 * is preceded by its ISO 8601 form (`isoHeading` names that column).
 */
export function tableRows(table: Table, isoHeading: (heading: string) => string): string[][] {
  const dated = table.headings.map((_, index) => table.dated?.includes(index) ?? false)
  const headings = table.headings.flatMap((heading, index) => (dated[index] ? [isoHeading(heading), heading] : [heading]))
  const rows = table.rows.map((row) =>
    row.cells.flatMap((cell, index) => {
      if (isDated(cell)) return [cell.iso, cell.text]
      const text = typeof cell === 'object' ? ('data' in cell ? cell.data : cell.text) : String(cell)
      return dated[index] ? ['', text] : [text]
    }),
  )
  return [headings, ...rows]
}

/** Whom and what the views are built for: the groups, the one chosen, the period and the reader's words. */
export type ViewContext = {
  groups: { id: string; name: string; preset: string | null }[]
  groupId: string | null
  period: { from: Date; to: Date }
  /** The reader's words and formats (lib/i18n/translator.ts). */
  translator: Translator
}
