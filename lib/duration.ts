const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const

/** Parses "45s", "15m", "12h" or "7d" into seconds; returns null for anything else. */
export function parseDurationSeconds(value: string): number | null {
  const match = /^(\d{1,6})([smhd])$/.exec(value.trim())
  if (!match) return null
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS]
  return seconds > 0 ? seconds : null
}
