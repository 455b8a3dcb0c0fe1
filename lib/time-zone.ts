/** A time zone the runtime knows, or UTC. */
export function safeTimeZone(value: string | null | undefined): string {
  if (!value || value.length > 64) return 'UTC'
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return 'UTC'
  }
}

/**
 * The one rule for which time zone a person reads times in (ADR 26): their
 * saved zone, else the zone this browser reported (the `tz` cookie), else the
 * organisation's default.
 */
export function chooseTimeZone(input: { saved?: string | null; browser?: string | null; fallback: string }): string {
  for (const candidate of [input.saved, input.browser]) {
    const zone = candidate ? safeTimeZone(candidate) : 'UTC'
    if (candidate && (zone !== 'UTC' || candidate === 'UTC')) return zone
  }
  return input.fallback
}
