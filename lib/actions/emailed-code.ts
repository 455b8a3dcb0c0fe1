import 'server-only'
import { cookies } from 'next/headers'
import { z } from 'zod'
import { recordEvent, type AuditEventType, type AuditReason } from '../audit/record'
import { requireSession, type CurrentSession } from '../auth/dal'
import { emailAddressField } from '../email/address'
import { browserStanding, emailRequestRefusal } from '../auth/email-code/limits'
import { sendEmailChallenge, type ChallengePurpose, type CreatedChallenge } from '../auth/email-code/challenge'
import { signInRequestCookie } from '../auth/email-code/request-cookie'
import { isRecentlyVerified } from '../auth/session/step-up'
import type { ErrorCode } from '../errors'
import { ipKey, limitReached } from '../rate-limit'
import { getRequestContext, type RequestContext } from '../web/request-context'
import { emailedCodeField, parseAddressForm, timeZoneField } from '../web/form-fields'
import { actionError, fieldError, formFields, formText, type ActionState } from '../web/action-state'

/**
 * The two halves every "prove this address with an emailed code" action
 * shares (a backup address, a new sign-in address): checks before sending
 * the code, then checks before accepting it. Both need a sign-in or
 * confirmation within 10 minutes; what the proof is for stays in the action.
 */

type Refusal<Field extends string> = { ok: false; state: ActionState<Field> }

const addressSchema = z.object({ email: emailAddressField, timeZone: timeZoneField })

/** Step 1's checks: a valid address, a recent confirmation, and the send limits for that address and IP. */
export async function addressStep(
  form: unknown,
  page: string,
): Promise<Refusal<'email'> | { ok: true; email: string; timeZone: string; session: CurrentSession; context: RequestContext }> {
  const parsed = parseAddressForm(form, addressSchema, ['email', 'timeZone'])
  if (!parsed.ok) return parsed
  const session = await requireSession(page)
  if (!isRecentlyVerified(session)) return { ok: false, state: actionError('step_up_required', { values: { email: formText(form, 'email', 320) } }) }
  const { email, timeZone } = parsed.data
  const context = await getRequestContext()
  // Proving a new address is a confirmation by the signed-in person: counted under their own standing, apart from sign-in.
  const refused = await emailRequestRefusal({
    email,
    ipAddress: context.ipAddress,
    purpose: 'backup_email',
    userId: session.user.id,
    standing: await browserStanding(session.user.id),
  })
  if (refused) return { ok: false, state: actionError(refused.code, { field: 'email', retryAt: refused.retryAt ?? undefined, values: { email } }) }
  return { ok: true, email, timeZone, session, context }
}

/** Emails the code (unless the challenge is one that must not reach anyone) and binds it to this browser. */
export async function sendAddressCode(
  challenge: CreatedChallenge,
  step: { timeZone: string; session: CurrentSession; context: RequestContext },
): Promise<ActionState<'email'> | null> {
  if (challenge.deliver) {
    try {
      await sendEmailChallenge(challenge, step.context, step.timeZone)
    } catch {
      await recordEvent({ type: 'email_failed', result: 'failure', userId: step.session.user.id, reason: `${challenge.purpose}_code`, context: step.context })
      return actionError('email_send_failed', { field: 'email', values: { email: challenge.email } })
    }
  }
  const cookie = signInRequestCookie(challenge.purpose)
  ;(await cookies()).set(cookie.name, challenge.browserSecret, cookie.options)
  return null
}

/** Step 2's checks: a well-formed code, a recent confirmation, the verification limit per IP, and this browser's pending request. */
export async function codeStep(
  form: unknown,
  purpose: ChallengePurpose,
  page: string,
): Promise<Refusal<'code'> | { ok: true; code: string; typed: string; secret: string; session: CurrentSession; context: RequestContext }> {
  const fields = formFields(form, ['code'])
  if (!fields) return { ok: false, state: actionError('bad_request') }
  const typed = formText(form, 'code', 32)
  const parsed = z.object({ code: emailedCodeField }).safeParse(fields)
  if (!parsed.success) return { ok: false, state: fieldError('code', parsed.error.issues[0]?.message, 'code_format', { code: typed }) }
  const session = await requireSession(page)
  if (!isRecentlyVerified(session)) return { ok: false, state: actionError('step_up_required') }
  const context = await getRequestContext()
  const retryAt = await limitReached('verifyPerIp', ipKey(context.ipAddress))
  if (retryAt) return { ok: false, state: actionError('rate_limited_verify', { field: 'code', retryAt }) }
  const secret = (await cookies()).get(signInRequestCookie(purpose).name)?.value
  if (!secret) return { ok: false, state: actionError('request_gone', { field: 'code' }) }
  return { ok: true, code: parsed.data.code, typed, secret, session, context }
}

/**
 * Step 2's ending: the attempt goes into the history as `type`; a failure
 * becomes the code field's error (keeping a wrong code in the field), a
 * success ends the pending request. Null on success.
 */
export async function settleCodeStep(
  step: { typed: string; session: CurrentSession; context: RequestContext },
  purpose: ChallengePurpose,
  type: AuditEventType,
  result: { ok: true } | { ok: false; reason: ErrorCode & AuditReason },
): Promise<ActionState<'code'> | null> {
  await recordEvent({
    type,
    result: result.ok ? 'success' : 'failure',
    reason: result.ok ? null : result.reason,
    userId: step.session.user.id,
    sessionId: step.session.sessionId,
    context: step.context,
  })
  if (!result.ok) return actionError(result.reason, { field: 'code', values: result.reason === 'code_wrong' ? { code: step.typed } : {} })
  ;(await cookies()).delete(signInRequestCookie(purpose).name)
  return null
}
