import type { RolloutFigures } from './figures'

/** The dashboard's time axes: every day or week of a span, with or without events, so a chart's axis is even. */

const DAY_MS = 86_400_000

export const day = (date: Date) => date.toISOString().slice(0, 10)

/** The Monday starting the UTC week of a date. */
export const weekOf = (date: Date) => day(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - ((date.getUTCDay() + 6) % 7))))

/** Successful sign-ins on every UTC day of the period, one value per method. */
export function signInsByDay(
  signIns: RolloutFigures['signIns'],
  methods: string[],
  period: { from: Date; to: Date },
): Map<string, { x: string } & Record<string, number>> {
  const points = new Map<string, { x: string } & Record<string, number>>()
  for (let at = Date.parse(`${day(period.from)}T00:00:00Z`); at < period.to.getTime(); at += DAY_MS) {
    const x = day(new Date(at))
    points.set(x, { x, ...Object.fromEntries(methods.map((id) => [id, 0])) } as { x: string } & Record<string, number>)
  }
  for (const row of signIns) {
    const point = points.get(row.day)
    if (point) point[row.method] = (point[row.method] ?? 0) + row.succeeded
  }
  return points
}

/** Every week from the first enrolment or phase change to the one holding `until`: people newly enrolled, and enrolled by then. */
export function enrolmentByWeek(
  enrolledByWeek: RolloutFigures['enrolledByWeek'],
  phases: RolloutFigures['phases'],
  until: Date,
): { x: string; newlyEnrolled: number; cumulative: number }[] {
  const newByWeek = new Map(enrolledByWeek.map((row) => [row.weekStarting, row.newlyEnrolled]))
  const firstWeek = [enrolledByWeek[0]?.weekStarting, ...phases.map((phase) => weekOf(phase.at))].filter((week) => week !== undefined).sort()[0]
  const weeks: { x: string; newlyEnrolled: number; cumulative: number }[] = []
  let cumulative = 0
  for (let at = firstWeek ? Date.parse(`${firstWeek}T00:00:00Z`) : Infinity; at <= until.getTime(); at += 7 * DAY_MS) {
    const x = day(new Date(at))
    cumulative += newByWeek.get(x) ?? 0
    weeks.push({ x, newlyEnrolled: newByWeek.get(x) ?? 0, cumulative })
  }
  return weeks
}
