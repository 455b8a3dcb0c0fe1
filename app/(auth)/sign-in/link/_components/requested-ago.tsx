'use client'

import { useEffect, useState } from 'react'
import { relativeTimeRefreshMs, relativeTimeText } from '@/lib/i18n/relative-time'

/** Beyond this, the device's clock is taken to be wrong and the server's is counted on instead. */
const TRUSTED_SKEW_MS = 60_000

/**
 * "3 seconds ago" that keeps counting while the page is open. The server
 * renders the same words for its own clock, so the page is right without
 * JavaScript and nothing changes at hydration.
 */
export function RequestedAgo({ at, serverNow, locale }: { at: string; serverNow: string; locale: string }) {
  const [now, setNow] = useState(() => new Date(serverNow))
  useEffect(() => {
    const skew = new Date(serverNow).getTime() - Date.now()
    const offset = Math.abs(skew) > TRUSTED_SKEW_MS ? skew : 0
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      const current = new Date(Date.now() + offset)
      setNow(current)
      timer = setTimeout(tick, relativeTimeRefreshMs(new Date(at), current))
    }
    tick()
    return () => clearTimeout(timer)
  }, [at, serverNow])
  return <span data-testid="requested-ago">{relativeTimeText(new Date(at), now, locale)}</span>
}
