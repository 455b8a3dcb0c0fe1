'use client'

import { useSyncExternalStore } from 'react'

const subscribe = () => () => {}

/** Sends the browser's time zone so the email can say "expires at 14:32" in local time (UTC without JavaScript). */
export function TimeZoneInput() {
  const timeZone = useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => '',
  )
  return <input type="hidden" name="timeZone" value={timeZone} />
}
