'use client'

import { useActionState, useEffect, useState } from 'react'
import type { ActionState } from '@/lib/web/action-state'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TimeZoneInput } from '@/components/forms/time-zone-input'
import { fillSlot } from '@/components/ui/slot'

type Labels = {
  submit: string
  pending: string
  /** "You can send a new code in SLOT s." (components/ui/slot.tsx): the seconds are counted here. */
  cooldown: string
  help: string
}

/**
 * "Send a new code" (`resend`) with a visible cooldown. The server enforces the
 * cooldown too; without JavaScript the button stays enabled and the server
 * says how long to wait. Its words come translated from the page; the
 * seconds are written in the reader's `locale`.
 */
export function ResendForm<Field extends string>({
  resend,
  availableAt,
  locale,
  labels,
}: {
  resend: (state: ActionState<Field>, form: FormData) => Promise<ActionState<Field>>
  availableAt: string
  locale: string
  labels: Labels
}) {
  const [state, action, pending] = useActionState(resend, { status: 'idle' } as ActionState<Field>)
  const until = state.status === 'error' && state.code === 'resend_cooldown' && state.retryAt ? state.retryAt : availableAt
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    const tick = () => setNow(Date.now())
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, 1000)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [])
  // Before hydration (or without JavaScript) the button stays usable; the server enforces the cooldown.
  const secondsLeft = now === null ? 0 : Math.max(0, Math.ceil((new Date(until).getTime() - now) / 1000))
  return (
    <form action={action} className="space-y-3">
      <TimeZoneInput />
      {state.status === 'error' && !(state.code === 'resend_cooldown' && secondsLeft > 0) ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <Button type="submit" variant="secondary" className="w-full" disabled={pending || secondsLeft > 0} aria-describedby="resend-cooldown">
        {pending ? labels.pending : labels.submit}
      </Button>
      <p id="resend-cooldown" className="text-center text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {secondsLeft > 0 ? fillSlot(labels.cooldown, new Intl.NumberFormat(locale).format(secondsLeft)) : labels.help}
      </p>
    </form>
  )
}
