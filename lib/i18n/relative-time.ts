/**
 * "3 seconds ago" in the reader's language, the same on the server and in
 * the browser (which keeps it counting), so the page reads the same before
 * and after its script runs.
 */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
]

/** How long before `now` something happened; "1 second ago" at the least: a request is never "now" by the time it is read. */
export function relativeTimeText(at: Date, now: Date, locale: string): string {
  const seconds = Math.max(1, Math.floor((now.getTime() - at.getTime()) / 1000))
  const [unit, size] = UNITS.find(([, length]) => seconds >= length) ?? ['second', 1]
  return new Intl.RelativeTimeFormat(locale).format(-Math.floor(seconds / size), unit)
}

/** How often the words can change: every second in the first minute, then every half minute. */
export function relativeTimeRefreshMs(at: Date, now: Date): number {
  return now.getTime() - at.getTime() < 60_000 ? 1_000 : 30_000
}
