'use client'

import type { ReactNode } from 'react'
import { useActionState } from 'react'
import { confirmTotpAction, removeTotpAction, startTotpAction, type TotpState } from '@/app/(account)/account/recovery/actions'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: TotpState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

/** The panel's words, translated by the page. */
export type TotpLabels = {
  remove: string
  removing: string
  scan: string
  qrAlt: string
  cantScan: string
  codeLabel: string
  turnOn: string
  checking: string
  cancel: string
  notSetUp: string
  setUp: string
  starting: string
}

type Props = {
  /** "On since Nov 22, 2026, 2:32 PM EST.", when the app is set up. */
  enabledSince: ReactNode | null
  /** The setup in progress: the QR code (an SVG data URL), the secret to type instead, and how a screen reader spells it out. */
  enrollment: { qrCodeDataUrl: string; secret: string; keyLabel: string } | null
  canChange: boolean
  labels: TotpLabels
}

/** Authenticator app: set up (scan, then enter a current code), or remove. */
export function TotpPanel({ enabledSince, enrollment, canChange, labels }: Props) {
  const [startState, start, starting] = useActionState(startTotpAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmTotpAction, initial)
  const [removeState, remove, removing] = useActionState(removeTotpAction, initial)

  if (enabledSince) {
    return (
      <form action={remove} className="space-y-3">
        {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
        <p className="text-sm" data-testid="totp-status">
          {enabledSince}
        </p>
        {canChange ? (
          <Button type="submit" variant="secondary" disabled={removing}>
            {removing ? labels.removing : labels.remove}
          </Button>
        ) : null}
        {removeState.status === 'error' ? <StepUpError state={removeState} returnTo={RETURN_TO} /> : null}
      </form>
    )
  }

  if (enrollment) {
    const codeError = confirmState.status === 'error' && confirmState.field === 'code' ? confirmState.message : undefined
    return (
      <div className="space-y-4" data-testid="totp-enrollment">
        <ol className="list-decimal space-y-4 ps-5 text-sm">
          <li>
            <p>{labels.scan}</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a server-rendered SVG data URL; there is nothing for the image optimizer to do. */}
            <img src={enrollment.qrCodeDataUrl} alt={labels.qrAlt} className="mt-3 size-48 rounded-md bg-white p-2" />
            <p className="mt-3">{labels.cantScan}</p>
            {/* The key is Latin letters and digits, typed left to right in every language. */}
            <p
              className="mt-1 text-start font-mono text-base tracking-wider break-all select-all"
              data-testid="totp-secret"
              dir="ltr"
              translate="no"
              aria-label={enrollment.keyLabel}
            >
              {enrollment.secret.match(/.{1,4}/g)!.join(' ')}
            </p>
          </li>
          <li>
            <form action={confirm} noValidate className="space-y-3">
              <CodeField
                id="totp-code"
                dir="ltr"
                label={labels.codeLabel}
                maxLength={32}
                defaultValue={confirmState.status === 'error' ? confirmState.values?.code : undefined}
                error={codeError}
                className="max-w-xs"
              />
              <Button type="submit" disabled={confirming}>
                {confirming ? labels.checking : labels.turnOn}
              </Button>
              {confirmState.status === 'error' && !codeError ? <StepUpError state={confirmState} returnTo={RETURN_TO} /> : null}
            </form>
          </li>
        </ol>
        <form action={remove}>
          <Button type="submit" variant="ghost" disabled={removing}>
            {labels.cancel}
          </Button>
        </form>
      </div>
    )
  }

  return (
    <form action={start} className="space-y-3">
      <p className="text-sm">{labels.notSetUp}</p>
      {canChange ? (
        <Button type="submit" variant="secondary" disabled={starting}>
          {starting ? labels.starting : labels.setUp}
        </Button>
      ) : null}
      {startState.status === 'error' ? <StepUpError state={startState} returnTo={RETURN_TO} /> : null}
    </form>
  )
}
