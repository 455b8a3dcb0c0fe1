'use client'

import { useActionState } from 'react'
import { confirmTotpAction, removeTotpAction, startTotpAction, type TotpState } from '@/app/(account)/account/recovery/actions'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: TotpState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

type Props = {
  /** "On since 22 Nov 2026", when the app is set up. */
  enabledSince: string | null
  /** The setup in progress: the QR code (an SVG data URL) and the secret to type instead. */
  enrollment: { qrCodeDataUrl: string; secret: string } | null
  canChange: boolean
}

/** Authenticator app: set up (scan, then enter a current code), or remove. */
export function TotpPanel({ enabledSince, enrollment, canChange }: Props) {
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
            {removing ? 'Removing…' : 'Remove authenticator app'}
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
        <ol className="list-decimal space-y-4 pl-5 text-sm">
          <li>
            <p>Scan this QR code with your authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password or Authy).</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a server-rendered SVG data URL; there is nothing for the image optimizer to do. */}
            <img src={enrollment.qrCodeDataUrl} alt="QR code to add this account to your authenticator app" className="mt-3 size-48 rounded-md bg-white p-2" />
            <p className="mt-3">Can’t scan it? Enter this key in the app instead:</p>
            <p
              className="mt-1 font-mono text-base tracking-wider break-all select-all"
              data-testid="totp-secret"
              aria-label={`Key: ${enrollment.secret.split('').join(' ')}`}
            >
              {enrollment.secret.match(/.{1,4}/g)!.join(' ')}
            </p>
          </li>
          <li>
            <form action={confirm} noValidate className="space-y-3">
              <CodeField
                id="totp-code"
                label="Enter the 6-digit code the app shows"
                maxLength={32}
                defaultValue={confirmState.status === 'error' ? confirmState.values?.code : undefined}
                error={codeError}
                className="max-w-xs"
              />
              <Button type="submit" disabled={confirming}>
                {confirming ? 'Checking…' : 'Turn on'}
              </Button>
              {confirmState.status === 'error' && !codeError ? <StepUpError state={confirmState} returnTo={RETURN_TO} /> : null}
            </form>
          </li>
        </ol>
        <form action={remove}>
          <Button type="submit" variant="ghost" disabled={removing}>
            Cancel setup
          </Button>
        </form>
      </div>
    )
  }

  return (
    <form action={start} className="space-y-3">
      <p className="text-sm">Not set up. An app on your phone that shows a new 6-digit code every 30 seconds.</p>
      {canChange ? (
        <Button type="submit" variant="secondary" disabled={starting}>
          {starting ? 'Starting…' : 'Set up an authenticator app'}
        </Button>
      ) : null}
      {startState.status === 'error' ? <StepUpError state={startState} returnTo={RETURN_TO} /> : null}
    </form>
  )
}
