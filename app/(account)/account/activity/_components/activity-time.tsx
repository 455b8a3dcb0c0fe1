'use client'

import { useSyncExternalStore } from 'react'

const subscribe = () => () => {}

function exact(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso))
}

/**
 * "3 hours ago", with the exact time on hover in the reader's own time zone
 * (the server renders UTC; the browser swaps in its zone after hydration).
 */
export function ActivityTime({ iso, relative }: { iso: string; relative: string }) {
  const title = useSyncExternalStore(
    subscribe,
    () => exact(iso),
    () => exact(iso, 'UTC'),
  )
  return (
    <time dateTime={iso} title={title} className="cursor-help underline decoration-dotted underline-offset-2">
      {relative}
    </time>
  )
}
