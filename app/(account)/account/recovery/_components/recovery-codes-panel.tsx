'use client'

import { useActionState, useState, type ReactNode } from 'react'
import { generateRecoveryCodesAction, type RecoveryCodesState } from '@/app/(account)/account/recovery/actions'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: RecoveryCodesState = { status: 'idle' }

/** The panel's words, translated by the page (recoveryCodesLabels in ./labels.ts). */
export type RecoveryCodesLabels = {
  runningOut: string
  create: string
  makeNew: string
  making: string
  /** "Making new codes stops the 8 you have now from working." */
  replaceWarning: string
  saveNow: string
  /** Added to saveNow only when the new set replaced one. */
  earlierStopped: string
  listLabel: string
  copy: string
  copied: string
  copiedAnnouncement: string
  download: string
  print: string
}

type Props = {
  total: number
  /** How the status line reads, e.g. "8 codes left of 10, made on Nov 22, 2026, 2:32 PM EST."; null: no line. */
  summary: ReactNode
  low: boolean
  canChange: boolean
  appName: string
  labels: RecoveryCodesLabels
}

/** Recovery codes: how many are left, and a new set shown once with copy, download and print. */
export function RecoveryCodesPanel({ total, summary, low, canChange, appName, labels }: Props) {
  const [state, action, pending] = useActionState(generateRecoveryCodesAction, initial)
  const [copied, setCopied] = useState(false)
  if (state.status === 'created') {
    return (
      <div className="space-y-4" data-testid="new-recovery-codes">
        <FormMessage tone="success">
          {labels.saveNow}
          {state.replaced ? <> {labels.earlierStopped}</> : null}
        </FormMessage>
        {/* Codes are Latin letters and digits read left to right, in every language; no browser should translate them. */}
        <ol className="grid grid-cols-1 gap-2 font-mono text-base sm:grid-cols-2 print:grid-cols-2" aria-label={labels.listLabel} translate="no">
          {state.codes.map((code) => (
            <li
              key={code}
              dir="ltr"
              className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-start tracking-wider dark:border-zinc-700 dark:bg-zinc-950"
              data-testid="recovery-code"
            >
              {code}
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap gap-2 print:hidden">
          <Button
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(state.text)
              setCopied(true)
            }}
          >
            {copied ? labels.copied : labels.copy}
          </Button>
          <a
            className="inline-flex min-h-10 items-center rounded-lg border border-zinc-300 px-4 text-sm font-semibold hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(state.text)}`}
            download={`${slug(appName)}-recovery-codes.txt`}
          >
            {labels.download}
          </a>
          <Button variant="secondary" onClick={() => window.print()}>
            {labels.print}
          </Button>
        </div>
        <p className="sr-only" aria-live="polite">
          {copied ? labels.copiedAnnouncement : ''}
        </p>
      </div>
    )
  }
  return (
    <form action={action} className="space-y-3">
      {low ? (
        <FormMessage tone="error">
          {summary} {labels.runningOut}
        </FormMessage>
      ) : summary ? (
        <p className="text-sm" data-testid="recovery-code-summary">
          {summary}
        </p>
      ) : null}
      {canChange ? (
        <>
          <Button type="submit" variant={total === 0 || low ? 'primary' : 'secondary'} disabled={pending}>
            {pending ? labels.making : total === 0 ? labels.create : labels.makeNew}
          </Button>
          {total > 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.replaceWarning}</p> : null}
        </>
      ) : null}
      {state.status === 'error' ? <StepUpError state={state} returnTo="/account/recovery" /> : null}
    </form>
  )
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'account'
  )
}
