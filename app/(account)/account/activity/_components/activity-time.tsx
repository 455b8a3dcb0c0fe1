'use client'

import { useSyncExternalStore } from 'react'
import { formatTime } from '@/components/local-time'

const subscribe = () => () => {}

/**
 * "3 hours ago", with the exact time on hover in the reader's own time zone
 * (the server renders UTC; the browser swaps in its zone after hydration).
 */
export function ActivityTime({ iso, relative }: { iso: string; relative: string }) {
  const title = useSyncExternalStore(
    subscribe,
    () => formatTime(iso, undefined, true),
    () => formatTime(iso, 'UTC', true),
  )
  return (
    <time dateTime={iso} title={title} className="cursor-help underline decoration-dotted underline-offset-2">
      {relative}
    </time>
  )
}
