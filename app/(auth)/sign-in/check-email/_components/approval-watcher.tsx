'use client'

import Link from 'next/link'
import { useEffect, useState } from 'react'
import type { SignInDelivery, SignInStatus } from '@/app/(auth)/sign-in/status/route'

const POLL_MS = 1000

type DeliveryLabels = { delivered: string; delayed: string; bounced: string; recover: string }

/**
 * Waits for the link to be approved on another device, then moves on by
 * itself: the status endpoint signs this browser in and says where to go.
 * Meanwhile it shows what the email provider reported about the email, in
 * place (the server drew the first answer, so without JavaScript a reload
 * shows it too).
 */
export function ApprovalWatcher({
  labels,
  delivery: firstDelivery,
}: {
  labels: { waiting: string; gone: string; delivery: DeliveryLabels }
  delivery: SignInDelivery
}) {
  const [gone, setGone] = useState(false)
  const [delivery, setDelivery] = useState<SignInDelivery>(firstDelivery)
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
          setDelivery(status.delivery)
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
    <div aria-live="polite" className="space-y-3 text-sm">
      {delivery && !gone ? <DeliveryNote delivery={delivery} labels={labels.delivery} /> : null}
      <p className="text-zinc-600 dark:text-zinc-400">{gone ? labels.gone : labels.waiting}</p>
    </div>
  )
}

const NOTE_STYLE: Record<NonNullable<SignInDelivery>, string> = {
  delivered: 'bg-emerald-50 text-emerald-950 dark:bg-emerald-500/10 dark:text-emerald-200',
  delayed: 'bg-amber-50 text-amber-950 dark:bg-amber-500/10 dark:text-amber-200',
  bounced: 'bg-red-50 text-red-950 dark:bg-red-500/10 dark:text-red-200',
}

function DeliveryNote({ delivery, labels }: { delivery: NonNullable<SignInDelivery>; labels: DeliveryLabels }) {
  return (
    <p className={`rounded-lg p-3 ${NOTE_STYLE[delivery]}`} data-testid="email-delivery" data-delivery={delivery}>
      {labels[delivery]}
      {delivery === 'bounced' ? (
        <>
          {' '}
          <Link href="/recover" className="font-semibold underline underline-offset-4">
            {labels.recover}
          </Link>
        </>
      ) : null}
    </p>
  )
}
