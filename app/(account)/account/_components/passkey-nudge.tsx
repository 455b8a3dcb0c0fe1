'use client'

import { usePathname } from 'next/navigation'
import { useState } from 'react'
import { snoozePasskeyNudgeAction } from '@/app/(account)/account/passkeys/actions'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'
import { fillTemplate } from './template'

/** The offer's words, from the server (account.nudge); `created` has the passkey's name as a placeholder (./template.tsx). */
export type PasskeyNudgeLabels = { title: string; text: string; create: string; notNow: string; created: string }

/**
 * After an email sign-in on a device without a passkey: one press to create
 * one, or "Not now" for 14 days. Always mounted (hidden when `show` is false),
 * so the "created" message survives the refresh that follows the creation.
 * Not on `hiddenOn` pages, which carry their own passkey prompt: one prompt a page.
 * (The overview drops its readiness notice's passkey button while this shows.)
 */
export function PasskeyNudge({
  show,
  hiddenOn,
  messages,
  labels,
  returnTo,
}: {
  show: boolean
  hiddenOn: string[]
  messages: CeremonyMessages
  labels: PasskeyNudgeLabels
  returnTo: string
}) {
  const [created, setCreated] = useState<string | null>(null)
  const pathname = usePathname()
  if (created) {
    return (
      <div className="mb-6">
        <FormMessage tone="success">{fillTemplate(labels.created, created)}</FormMessage>
      </div>
    )
  }
  if (!show || hiddenOn.includes(pathname)) return null
  return (
    <section
      aria-labelledby="passkey-nudge-title"
      className="mb-6 rounded-xl border border-indigo-200 bg-indigo-50 p-4 dark:border-indigo-900 dark:bg-indigo-950/40"
      data-testid="passkey-nudge"
    >
      <h2 id="passkey-nudge-title" className="font-semibold">
        {labels.title}
      </h2>
      <p className="mt-1 mb-3 text-sm text-zinc-700 dark:text-zinc-300">{labels.text}</p>
      <div className="flex flex-wrap items-start gap-2">
        <CreatePasskeyButton label={labels.create} messages={messages} returnTo={returnTo} onCreated={(passkey) => setCreated(passkey.name)} />
        <form action={snoozePasskeyNudgeAction}>
          <Button type="submit" variant="ghost">
            {labels.notNow}
          </Button>
        </form>
      </div>
    </section>
  )
}
