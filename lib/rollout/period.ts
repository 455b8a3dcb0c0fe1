import { z } from 'zod'

/** The dashboard's period and group as its query string carries them; anything unreadable falls back to the last 30 days. */

const DAY_MS = 86_400_000
export const RANGES = ['7', '30', '90', 'custom'] as const
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined)

export const rolloutFilterSchema = z.object({
  range: z.enum(RANGES).optional().catch(undefined),
  from: day,
  to: day,
  group: z.string().max(64).optional().catch(undefined),
})
export type RolloutFilter = z.output<typeof rolloutFilterSchema>

/** A period as [from, to), and how it was asked for: the last so many days, or whole UTC days from `first` to `last`. */
export type Period = { from: Date; to: Date; span: { days: number } | { first: Date; last: Date } }

/** The period as [from, to): the last 7, 30 or 90 days up to now, or whole UTC days from `from` to `to` (at most 366). */
export function periodOf(filter: RolloutFilter, now = new Date()): Period {
  if (filter.range === 'custom' && filter.from && filter.to) {
    const from = new Date(`${filter.from}T00:00:00Z`)
    const end = new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS)
    if (from < end && end.getTime() - from.getTime() <= 366 * DAY_MS) return { from, to: end, span: { first: from, last: new Date(`${filter.to}T00:00:00Z`) } }
  }
  const days = Number(filter.range && filter.range !== 'custom' ? filter.range : 30)
  return { from: new Date(now.getTime() - days * DAY_MS), to: now, span: { days } }
}
