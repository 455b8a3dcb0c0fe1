'use client'

import { useEffect } from 'react'

/**
 * Tells the server this browser's time zone, in a cookie the next request
 * carries, so every time is rendered on the server in the reader's zone
 * (lib/i18n/preferences.ts): nothing changes on screen after hydration.
 * Written only when the zone differs from what the server saw.
 */
export function TimeZoneCookie({ name, seen }: { name: string; seen: string | null }) {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (!zone || zone === seen) return
    const secure = location.protocol === 'https:' ? '; Secure' : ''
    document.cookie = `${name}=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`
  }, [name, seen])
  return null
}
