'use client'

import { useSyncExternalStore } from 'react'

const subscribe = () => () => {}

/** A time as "Nov 28, 2026, 4:05 PM GMT+1": in `timeZone` when given, else in the browser's own zone. */
export function formatTime(iso: string, timeZone?: string, seconds = false): string {
  return new Intl.DateTimeFormat('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso))
}

/**
 * A time in the reader's own time zone: the server renders UTC, the browser
 * swaps in its zone after hydration. Never wraps mid-time.
 */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => formatTime(iso),
    () => formatTime(iso, 'UTC'),
  )
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {text}
    </time>
  )
}
