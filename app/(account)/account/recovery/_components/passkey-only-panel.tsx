'use client'

import { useActionState } from 'react'
import { turnOffPasskeyOnlyAction, turnOnPasskeyOnlyAction, type PasskeyOnlyState } from '@/app/(account)/account/recovery/actions'
import { Button } from '@/components/ui/button'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: PasskeyOnlyState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

export type PasskeyOnlyLabels = {
  warningsHeading: string
  understand: string
  turnOn: string
  turningOn: string
  turnOff: string
  turningOff: string
}

type Props = {
  on: boolean
  /** "On since …" or "Off. …", drawn by the page. */
  status: string
  /** Why it cannot be turned on, when it cannot (no passkey, a group without passkey sign-in). */
  blocked: string | null
  /** What turning it on means for this person, in their words, shown before the button. */
  warnings: string[]
  canChange: boolean
  labels: PasskeyOnlyLabels
}

/** Passkey-only sign-in: the warnings and an "I understand" box before turning it on; turning it off in one press. */
export function PasskeyOnlyPanel({ on, status, blocked, warnings, canChange, labels }: Props) {
  const [onState, turnOn, turningOn] = useActionState(turnOnPasskeyOnlyAction, initial)
  const [offState, turnOff, turningOff] = useActionState(turnOffPasskeyOnlyAction, initial)
  if (on) {
    return (
      <form action={turnOff} className="space-y-3">
        <p className="text-sm" data-testid="passkey-only-status">
          {status}
        </p>
        {canChange ? (
          <Button type="submit" variant="secondary" disabled={turningOff}>
            {turningOff ? labels.turningOff : labels.turnOff}
          </Button>
        ) : null}
        {offState.status === 'error' ? <StepUpError state={offState} returnTo={RETURN_TO} /> : null}
      </form>
    )
  }
  return (
    <form action={turnOn} className="space-y-3">
      <p className="text-sm" data-testid="passkey-only-status">
        {status}
      </p>
      {blocked ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{blocked}</p>
      ) : (
        <>
          <h3 className="text-sm font-semibold">{labels.warningsHeading}</h3>
          <ul className="list-disc space-y-1 ps-5 text-sm text-zinc-700 dark:text-zinc-300">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          {canChange ? (
            <>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="understand" value="yes" required className="mt-1" />
                <span>{labels.understand}</span>
              </label>
              <Button type="submit" disabled={turningOn}>
                {turningOn ? labels.turningOn : labels.turnOn}
              </Button>
            </>
          ) : null}
        </>
      )}
      {onState.status === 'error' ? <StepUpError state={onState} returnTo={RETURN_TO} /> : null}
    </form>
  )
}
