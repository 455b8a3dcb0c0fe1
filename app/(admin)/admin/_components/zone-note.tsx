import { getLocale, getTimeZone, getTranslations } from 'next-intl/server'

/**
 * A zone's name as a reader knows it, with its identifier: "Central European
 * Time (Europe/Berlin)", "Coordinated Universal Time (UTC)". The runtime's own
 * words for the zone, in the reader's language.
 */
export function zoneName(timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date())
    const generic = parts.find((part) => part.type === 'timeZoneName')?.value
    return generic && generic !== timeZone ? `${generic} (${timeZone})` : timeZone
  } catch {
    return timeZone
  }
}

/** The line under an admin page's heading that says whose clock its times are on. */
export async function ZoneNote() {
  const [t, locale, timeZone] = await Promise.all([getTranslations('common.timeZone'), getLocale(), getTimeZone()])
  return (
    <p className="-mt-3 mb-6 text-sm text-zinc-600 dark:text-zinc-400" data-testid="time-zone-note">
      {t('shownIn', { zone: zoneName(timeZone, locale) })}
    </p>
  )
}
