import { ErrorText } from '@/components/ui/form-message'

/**
 * An action's error; when it needs a fresh confirmation, with the way to give
 * one and come back (its words come with the error state: lib/web/action-state.ts).
 */
export function StepUpError({ state, returnTo }: { state: { code: string; message: string; confirmLabel?: string }; returnTo: string }) {
  return (
    <ErrorText>
      {state.message}{' '}
      {state.code === 'step_up_required' || state.code === 'passkey_only_confirm_with_passkey' ? (
        <a className="font-semibold underline" href={`/account/confirm?returnTo=${encodeURIComponent(returnTo)}`}>
          {state.confirmLabel ?? 'Confirm it’s you'}
        </a>
      ) : null}
    </ErrorText>
  )
}
