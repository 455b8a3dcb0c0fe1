import type { ErrorCode } from '../errors'
import { actionError, type ActionState } from '../web/action-state'

/**
 * The answer to a failed texted-code check, in words about texts: the lock
 * it reached (the pause, or the hour's lock), else why it failed; a wrong
 * code stays in the field to fix. The emailed code's wording speaks of
 * emails and addresses, so the codes that would say so have texted twins.
 */
const TEXT_WORDS: Partial<Record<ErrorCode, ErrorCode>> = {
  code_wrong: 'text_code_wrong',
  request_superseded: 'text_request_superseded',
}

export function textCodeRefusal(
  reason: ErrorCode,
  lock: { lockedUntil: Date | null; paused: boolean } | null,
  typedCode: string | undefined,
): ActionState<'code'> {
  if (lock?.paused) return actionError('sms_sign_in_paused', { field: 'code' })
  if (lock?.lockedUntil) return actionError('text_locked', { field: 'code', retryAt: lock.lockedUntil })
  return actionError(TEXT_WORDS[reason] ?? reason, { field: 'code', values: reason === 'code_wrong' ? { code: typedCode ?? '' } : {} })
}
