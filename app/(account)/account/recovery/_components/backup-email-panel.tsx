'use client'

import { useActionState } from 'react'
import { confirmBackupEmailAction, removeBackupEmailAction, sendBackupEmailCodeAction, type BackupEmailState } from '@/app/(account)/account/recovery/actions'
import { AddressCodeForm, AddressRequestForm } from '@/components/forms/address-code-form'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { StepUpError } from '@/components/forms/step-up-error'

const initial: BackupEmailState = { status: 'idle' }
const RETURN_TO = '/account/recovery'

type Props = {
  /** The proven backup address and when it was proven, e.g. "22 Nov 2026". */
  address: string | null
  confirmedOn: string | null
  /** An address a code was sent to, waiting for that code. */
  pending: string | null
  canChange: boolean
}

const otherError = (state: BackupEmailState) => (state.status === 'error' && !state.field ? <StepUpError state={state} returnTo={RETURN_TO} /> : null)

/** Backup email: add (a code goes to the address), confirm with the code, change or remove. */
export function BackupEmailPanel({ address, confirmedOn, pending, canChange }: Props) {
  const [sendState, send, sending] = useActionState(sendBackupEmailCodeAction, initial)
  const [confirmState, confirm, confirming] = useActionState(confirmBackupEmailAction, initial)
  const [removeState, remove, removing] = useActionState(removeBackupEmailAction, initial)
  return (
    <div className="space-y-4">
      {confirmState.status === 'success' ? <FormMessage tone="success">{confirmState.message}</FormMessage> : null}
      {address ? (
        <form action={remove} className="flex flex-wrap items-center gap-3">
          <p className="text-sm" data-testid="backup-email">
            <span className="font-medium break-all">{address}</span>, confirmed on {confirmedOn}.
          </p>
          {canChange ? (
            <Button type="submit" variant="ghost" disabled={removing}>
              {removing ? 'Removing…' : 'Remove'}
            </Button>
          ) : null}
          {otherError(removeState)}
        </form>
      ) : (
        <p className="text-sm">No backup email yet. Use an address with a different provider, so one lost mailbox doesn’t lock you out.</p>
      )}
      {pending && canChange ? (
        <AddressCodeForm
          action={confirm}
          state={confirmState}
          pending={confirming}
          address={pending}
          id="backup-email-code"
          submitLabel="Confirm backup email"
          testId="backup-email-pending"
          returnTo={RETURN_TO}
        />
      ) : null}
      {canChange ? (
        <AddressRequestForm
          action={send}
          state={sendState}
          pending={sending}
          id="backup-email-address"
          label={address ? 'New backup email' : 'Backup email'}
          submitLabel="Send a code to this address"
          returnTo={RETURN_TO}
        />
      ) : null}
    </div>
  )
}
