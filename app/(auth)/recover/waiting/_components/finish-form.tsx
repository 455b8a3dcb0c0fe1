'use client'

import { finishWaitingRecoveryAction } from '@/app/(auth)/recover/actions'
import { ActionForm } from '@/components/ui/action-form'
import type { ActionState } from '@/lib/web/action-state'

const idle: ActionState = { status: 'idle' }

/** "Continue", once the wait is over: the browser that asked gets its recovery session. */
export function FinishRecoveryForm({ labels }: { labels: { finish: string; finishing: string } }) {
  return (
    <ActionForm<ActionState> action={finishWaitingRecoveryAction} initial={idle} submitLabel={labels.finish} pendingLabel={labels.finishing}>
      {() => null}
    </ActionForm>
  )
}
