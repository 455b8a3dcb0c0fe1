import { errorMessage, isErrorCode, type ErrorCode } from '../errors'
import { ambientTranslator } from '../i18n/ambient'

/**
 * What a server action returns to its form: nothing yet, a success message,
 * or an error code with its text, the field it belongs to, and the values
 * the user typed (so nothing is lost).
 */
export type ActionState<Field extends string = string> =
  | { status: 'idle'; values?: Partial<Record<Field, string>> }
  | { status: 'success'; message: string; values?: Partial<Record<Field, string>> }
  | {
      status: 'error'
      code: ErrorCode
      message: string
      field?: Field
      /** ISO time after which trying again will work, for rate limits and cooldowns. */
      retryAt?: string
      /** For step_up_required: the words of the link to confirm it's you (components/forms/step-up-error.tsx), in the reader's language. */
      confirmLabel?: string
      values?: Partial<Record<Field, string>>
    }

export function actionError<Field extends string>(
  code: ErrorCode,
  options: { field?: Field; retryAt?: Date; values?: Partial<Record<Field, string>> } = {},
): ActionState<Field> {
  return {
    status: 'error',
    code,
    message: errorMessage(code, { retryAt: options.retryAt }),
    ...(options.field ? { field: options.field } : {}),
    ...(options.retryAt ? { retryAt: options.retryAt.toISOString() } : {}),
    ...(code === 'step_up_required' || code === 'passkey_only_confirm_with_passkey' ? { confirmLabel: ambientTranslator().t('common.stepUp.confirm') } : {}),
    ...(options.values ? { values: options.values } : {}),
  }
}

/** The first zod issue of a field as an error state; the issue's message is an error code. */
export function fieldError<Field extends string>(
  field: Field,
  issueMessage: string | undefined,
  fallback: ErrorCode,
  values?: Partial<Record<Field, string>>,
): ActionState<Field> {
  return actionError(isErrorCode(issueMessage) ? issueMessage : fallback, { field, values })
}

/** Reads a text field of a form without trusting its type; oversized values are cut for echoing back. */
export function formText(form: unknown, name: string, max = 1024): string {
  const value = form instanceof FormData ? form.get(name) : null
  return typeof value === 'string' ? value.slice(0, max) : ''
}
