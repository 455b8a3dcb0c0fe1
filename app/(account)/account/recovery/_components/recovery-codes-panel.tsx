'use client'

import { useActionState, useState } from 'react'
import { generateRecoveryCodesAction, type RecoveryCodesState } from '@/app/(account)/account/recovery/actions'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: RecoveryCodesState = { status: 'idle' }

type Props = {
  remaining: number
  total: number
  /** How the status line reads, e.g. "8 of 10 codes left, made on 22 Nov 2026." */
  summary: string
  low: boolean
  canChange: boolean
  appName: string
  email: string
}

/** Recovery codes: how many are left, and a new set shown once with copy, download and print. */
export function RecoveryCodesPanel({ remaining, total, summary, low, canChange, appName, email }: Props) {
  const [state, action, pending] = useActionState(generateRecoveryCodesAction, initial)
  const [copied, setCopied] = useState(false)
  if (state.status === 'created') {
    const text = codesText(state.codes, appName, email, state.createdAt)
    return (
      <div className="space-y-4" data-testid="new-recovery-codes">
        <FormMessage tone="success">Save these codes now: you won’t see them again. Each one works once. Your earlier codes no longer work.</FormMessage>
        <ol className="grid grid-cols-1 gap-2 font-mono text-base sm:grid-cols-2 print:grid-cols-2" aria-label="Your recovery codes">
          {state.codes.map((code) => (
            <li
              key={code}
              className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 tracking-wider dark:border-zinc-700 dark:bg-zinc-950"
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
              await navigator.clipboard.writeText(text)
              setCopied(true)
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <a
            className="inline-flex min-h-10 items-center rounded-lg border border-zinc-300 px-4 text-sm font-semibold hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
            download={`${slug(appName)}-recovery-codes.txt`}
          >
            Download (.txt)
          </a>
          <Button variant="secondary" onClick={() => window.print()}>
            Print
          </Button>
        </div>
        <p className="sr-only" aria-live="polite">
          {copied ? 'Codes copied to the clipboard.' : ''}
        </p>
      </div>
    )
  }
  return (
    <form action={action} className="space-y-3">
      {low ? (
        <FormMessage tone="error">{summary} Make a new set so you don’t run out.</FormMessage>
      ) : (
        <p className="text-sm" data-testid="recovery-code-summary">
          {summary}
        </p>
      )}
      {canChange ? (
        <>
          <Button type="submit" variant={total === 0 || low ? 'primary' : 'secondary'} disabled={pending}>
            {pending ? 'Making codes…' : total === 0 ? 'Create recovery codes' : 'Make new codes'}
          </Button>
          {total > 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Making new codes stops the {remaining} you have now from working.</p> : null}
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

function codesText(codes: string[], appName: string, email: string, createdAt: string): string {
  return [
    `${appName} recovery codes for ${email}`,
    `Made ${createdAt.slice(0, 10)}. Each code works once. Keep them somewhere safe, away from your devices.`,
    '',
    ...codes,
    '',
    `Lost your passkeys? Go to the sign-in page, choose "Lost your passkey?", and enter one of these codes.`,
    '',
  ].join('\n')
}
