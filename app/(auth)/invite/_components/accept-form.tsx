'use client'

import { acceptInvitationAction, type AcceptState } from '@/app/(auth)/invite/actions'
import { ActionForm } from '@/components/ui/action-form'

const idle: AcceptState = { status: 'idle' }

/** The one button that accepts the invitation. */
export function AcceptInvitationForm({ token }: { token: string }) {
  return (
    <ActionForm<AcceptState> action={acceptInvitationAction} initial={idle} submitLabel="Accept and create your passkey" pendingLabel="Accepting…">
      {() => <input type="hidden" name="token" value={token} />}
    </ActionForm>
  )
}
