'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'
import type { MailboxUpdate } from '../updates/route'

const EVERY_MS = 2_000

/**
 * Keeps the open mailbox current: asks every two seconds for the newest
 * message's id (of the recipient shown) and, when it changed, has the server
 * render the list again, in place, without a reload. Announces new mail to
 * screen readers. Without JavaScript the page is the same list, reloaded by
 * hand. A hidden tab does not ask.
 */
export function LiveUpdates({ to, newest, arrived }: { to: string | null; newest: string | null; arrived: string }) {
  const router = useRouter()
  const shown = useRef(newest)
  const [announced, setAnnounced] = useState('')
  useEffect(() => {
    shown.current = newest
  }, [newest])
  useEffect(() => {
    const query = to ? `?${new URLSearchParams({ to })}` : ''
    const timer = setInterval(async () => {
      if (document.visibilityState === 'hidden') return
      const response = await fetch(`/dev/mailbox/updates${query}`, { cache: 'no-store' }).catch(() => null)
      if (!response?.ok) return
      const update = (await response.json()) as MailboxUpdate
      if (update.newest === shown.current) return
      shown.current = update.newest
      setAnnounced(arrived)
      router.refresh()
    }, EVERY_MS)
    return () => clearInterval(timer)
  }, [to, arrived, router])
  return (
    <p className="sr-only" aria-live="polite">
      {announced}
    </p>
  )
}
