'use client'

import { acceptInvitationAction, type AcceptState } from '@/app/(auth)/invite/actions'
import { ActionForm } from '@/components/ui/action-form'

const idle: AcceptState = { status: 'idle' }

/** The one button that accepts the invitation; its words come translated from the page. */
export function AcceptInvitationForm({ token, labels }: { token: string; labels: { submit: string; pending: string } }) {
  return (
    <ActionForm<AcceptState> action={acceptInvitationAction} initial={idle} submitLabel={labels.submit} pendingLabel={labels.pending}>
      {() => <input type="hidden" name="token" value={token} />}
    </ActionForm>
  )
}
