'use client'

import { useEffect, useState } from 'react'
import type { SignInStatus } from '@/app/(auth)/sign-in/status/route'

const POLL_MS = 1000

/**
 * Waits for the link to be approved on another device, then moves on by
 * itself: the status endpoint signs this browser in and says where to go.
 */
export function ApprovalWatcher({ labels }: { labels: { waiting: string; gone: string } }) {
  const [gone, setGone] = useState(false)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    async function check() {
      try {
        const response = await fetch('/sign-in/status', { method: 'POST', cache: 'no-store' })
        if (response.ok) {
          const status = (await response.json()) as SignInStatus
          if (status.state === 'signed-in') {
            window.location.assign(status.redirectTo)
            return
          }
          if (status.state === 'gone') {
            setGone(true)
            return
          }
        }
      } catch {
        // Offline for a moment: keep waiting.
      }
      if (!stopped) timer = setTimeout(check, POLL_MS)
    }
    timer = setTimeout(check, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [])
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
      {gone ? labels.gone : labels.waiting}
    </p>
  )
}
