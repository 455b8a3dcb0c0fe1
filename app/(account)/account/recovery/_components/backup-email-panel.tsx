'use client'

import type { ReactNode } from 'react'
import { useActionState } from 'react'
import { confirmBackupEmailAction, removeBackupEmailAction, sendBackupEmailCodeAction, type BackupEmailState } from '@/app/(account)/account/recovery/actions'
import { AddressCodeForm, AddressRequestForm, type AddressFormLabels } from '@/components/forms/address-code-form'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: BackupEmailState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

/** The panel's words, translated by the page; `label` names the address field ("Backup email" or "New backup email"). */
export type BackupEmailLabels = { none: string; remove: string; removing: string; confirm: string; label: string; send: string; form: AddressFormLabels }

type Props = {
  /** The proven backup address and when it was proven, e.g. "ana@example.org, confirmed on Nov 22, 2026, 2:32 PM EST."; null without one. */
  current: ReactNode | null
  /** An address a code was sent to, waiting for that code. */
  pending: string | null
  canChange: boolean
  labels: BackupEmailLabels
}

const otherError = (state: BackupEmailState) => (state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null)

/** Backup email: add (a code goes to the address), confirm with the code, change or remove. */
export function BackupEmailPanel({ current, pending, canChange, labels }: Props) {
  const [sendState, send, sending] = useActionState(sendBackupEmailCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmBackupEmailAction, initial)
  const [removeState, remove, removing] = useActionState(removeBackupEmailAction, initial)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      {current ? (
        <form action={remove} className="flex flex-wrap items-center gap-3">
          <p className="text-sm" data-testid="backup-email">
            {current}
          </p>
          {canChange ? (
            <Button type="submit" variant="ghost" disabled={removing}>
              {removing ? labels.removing : labels.remove}
            </Button>
          ) : null}
          {otherError(removeState)}
        </form>
      ) : (
        <p className="text-sm">{labels.none}</p>
      )}
      {pending && canChange ? (
        <AddressCodeForm
          labels={labels.form}
          action={confirm}
          state={confirmState}
          pending={confirming}
          address={pending}
          id="backup-email-code"
          submitLabel={labels.confirm}
          testId="backup-email-pending"
          returnTo={RETURN_TO}
        />
      ) : null}
      {canChange ? (
        <AddressRequestForm
          labels={labels.form}
          action={send}
          state={sendState}
          pending={sending}
          id="backup-email-address"
          label={labels.label}
          submitLabel={labels.send}
          returnTo={RETURN_TO}
        />
      ) : null}
    </div>
  )
}
