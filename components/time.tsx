import { getFormatter } from 'next-intl/server'
import type { FORMATS } from '@/lib/i18n/formats'

/**
 * A time as the reader reads it: in their language and time zone, with the
 * zone named, rendered on the server (lib/i18n/preferences.ts), so the HTML
 * already has it and nothing changes after hydration. Never wraps mid-time.
 */
export async function Time({ at, format = 'time' }: { at: Date | string; format?: keyof typeof FORMATS.dateTime }) {
  const date = new Date(at)
  const formatter = await getFormatter()
  return (
    <time dateTime={date.toISOString()} translate="no" className="whitespace-nowrap">
      {formatter.dateTime(date, format)}
    </time>
  )
}
