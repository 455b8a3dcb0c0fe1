import 'server-only'
import type { AuditEventType, AuditReason } from '../../audit/record'
import type { CreatedChallenge, SignInPolicy } from './challenge'
import type { ChallengePurpose } from './purpose'
import { sendEmailChallenge, type CodeReader } from './challenge-email'
import { deliverChallengeEmail } from './delivery'
import { browserStanding, countWrongCode, emailRequestRefusal } from '../../limits/email-code'
import type { ErrorCode } from '../../errors'
import { actionError, type ActionState } from '../../web/action-state'
import { clearedCookie } from '../../web/cookies'
import { signInRequestCookie } from './request-cookie'
import type { UseCaseContext } from '../../use-case'
import type { CurrentSession } from '../dal'
import { emailAddressField } from '../../email/address'
import { emailedCodeField, timeZoneField } from '../../web/form-fields'
import { z } from 'zod'

/**
 * The two steps every emailed code goes through, whatever it is for (recovery,
 * step-up, a backup address, a new sign-in address): sending it after the
 * send limits, bound to this browser by a cookie per purpose; and checking it
 * against this browser's own request, counting wrong codes. Sign-in takes the
 * same steps in its use cases (lib/auth/email-code/sign-in.ts), which call the
 * limits and the challenge's modules themselves.
 */

/** The form of a send step: the address, and the browser's time zone for the email's wording. */
export const addressForm = {
  fields: { email: { error: 'email_invalid', echo: 320 }, timeZone: {} },
  schema: z.object({ email: emailAddressField, timeZone: timeZoneField }),
} as const

/** The form of a check step: the 6-digit code, limited per network. */
export const codeForm = {
  fields: { code: { error: 'code_format', echo: 32 } },
  schema: z.object({ code: emailedCodeField }),
  limit: [{ policy: 'verify-per-ip' }],
  limitField: 'code',
} as const

/** A step refused, with the form state to show. */
export type Refused<Field extends string> = { ok: false; state: ActionState<Field> }

/**
 * How the email goes out. 'open' and 'invite-only' are the sign-in policies
 * (lib/auth/email-code/delivery.ts: invite-only always answers alike and sends
 * after the response). 'now' sends on the request path and says when it
 * failed: for confirmations, whose recipient is the signed-in person.
 */
export type Delivery = SignInPolicy | 'now'

export async function sendEmailedCode<Field extends string = never>(input: {
  email: string
  purpose: ChallengePurpose
  /** The account the code is for, when known: its standing in this browser picks the limits. */
  userId: string | null
  timeZone: string
  delivery: Delivery
  /** The signed-in person confirming a change ('now'): their saved language and zone come first in the email. */
  reader?: CodeReader
  ctx: UseCaseContext
  /** The history row of the request, success or failure; none for confirmations. */
  requested?: { type: AuditEventType; method?: string }
  /** The field errors are shown on, and what to keep in it. */
  field?: Field
  /** Makes the challenge; null when the address can't be used, answered with `unusable`. */
  create: (knownBrowser: boolean) => Promise<CreatedChallenge | null>
  unusable?: ErrorCode
}): Promise<Refused<Field> | { ok: true; challenge: CreatedChallenge }> {
  const { email, purpose, ctx, requested, field } = input
  const { request: context, audit } = ctx
  const values = field ? ({ [field]: email } as Partial<Record<Field, string>>) : undefined
  const standing = browserStanding(input.userId, ctx.cookies)
  const refused = await emailRequestRefusal({ email, ipAddress: context.ipAddress, purpose, userId: input.userId, standing })
  if (refused) {
    if (requested) await audit({ type: requested.type, result: 'failure', method: requested.method, reason: refused.reason })
    return { ok: false, state: actionError(refused.code, { field, retryAt: refused.retryAt ?? undefined, values }) }
  }
  const challenge = await input.create(standing === 'known')
  if (!challenge) return { ok: false, state: actionError(input.unusable ?? 'unexpected', { field, values }) }

  if (input.delivery === 'now') {
    if (challenge.deliver) {
      try {
        await sendEmailChallenge(challenge, context, input.timeZone, input.reader)
      } catch {
        await audit({ type: 'email_failed', result: 'failure', reason: `${purpose}_code` })
        return { ok: false, state: actionError('email_send_failed', { field, values }) }
      }
    }
    if (requested) await audit({ type: requested.type, result: 'success', method: requested.method })
  } else {
    const delivery = await deliverChallengeEmail(challenge, ctx, input.timeZone, input.delivery)
    const failed = delivery === 'failed'
    if (requested) {
      await audit({
        type: requested.type,
        result: failed ? 'failure' : 'success',
        userId: challenge.userId,
        method: requested.method,
        reason: failed ? 'email_failed' : null,
      })
    }
    if (failed) return { ok: false, state: actionError('email_send_failed', { field, values }) }
  }
  const cookie = signInRequestCookie(purpose)
  ctx.cookies.set(cookie.name, challenge.browserSecret, cookie.options)
  return { ok: true, challenge }
}

/** What a purpose's code check answers: the caller's own success, or a failure with what is known of the account. */
export type CodeOutcome<Success> = { ok: true; value: Success } | { ok: false; reason: ErrorCode & AuditReason; userId: string | null; email?: string | null }

/** What the check step takes from the action's input: the code as typed (kept in the field after a wrong code), context and audit. */
type CheckInput = { typed: { code?: string }; ctx: UseCaseContext }

export async function checkEmailedCode<Success>(
  { typed, ctx }: CheckInput,
  input: {
    purpose: ChallengePurpose
    /** The history row of a failed attempt (successes are the caller's to record). */
    failure: { type: AuditEventType; method?: string }
    /** Wrong codes count toward the address's lock (recovery, as sign-in's do); confirmations are already limited by the session. */
    countFailures: boolean
    check: (browserSecret: string) => Promise<CodeOutcome<Success>>
  },
): Promise<Refused<'code'> | { ok: true; value: Success; finish: () => void }> {
  const { purpose } = input
  const { audit, cookies: jar } = ctx
  const cookie = signInRequestCookie(purpose)
  const secret = jar.get(cookie.name)?.value
  if (!secret) return { ok: false, state: actionError('request_gone', { field: 'code' }) }
  const result = await input.check(secret)
  if (result.ok) return { ok: true, value: result.value, finish: () => void jar.set(clearedCookie(cookie)) }

  const { userId, reason } = result
  await audit({ type: input.failure.type, result: 'failure', userId: userId ?? undefined, method: input.failure.method, reason })
  const lock = input.countFailures ? await countWrongCode({ reason, email: result.email, userId, purpose }, ctx) : null
  return { ok: false, state: codeRefusal(reason, lock, typed.code) }
}

/** The answer to a failed code check: the lock it reached, if any, else why it failed (a wrong code stays in the field to fix). */
export function codeRefusal(reason: ErrorCode, lock: { lockedUntil: Date | null; paused: boolean } | null, typedCode: string | undefined): ActionState<'code'> {
  if (lock?.paused) return actionError('email_sign_in_paused', { field: 'code' })
  if (lock?.lockedUntil) return actionError('account_locked', { field: 'code', retryAt: lock.lockedUntil })
  return actionError(reason, { field: 'code', values: reason === 'code_wrong' ? { code: typedCode ?? '' } : {} })
}

type ProofInput = { session: CurrentSession; ctx: UseCaseContext }

/**
 * Proving an address the signed-in person typed (a backup address, a new
 * sign-in address), step 1: the code goes to that address now, counted under
 * the person's own standing, apart from sign-in.
 */
export function sendProofCode(
  input: ProofInput & { data: { email: string; timeZone: string } },
  proof: {
    purpose: ChallengePurpose
    unusable: ErrorCode
    requested?: { type: AuditEventType }
    create: () => Promise<CreatedChallenge | null>
  },
) {
  return sendEmailedCode<'email'>({
    email: input.data.email,
    purpose: proof.purpose,
    userId: input.session.user.id,
    timeZone: input.data.timeZone,
    delivery: 'now',
    reader: input.session.user,
    ctx: input.ctx,
    requested: proof.requested,
    field: 'email',
    create: proof.create,
    unusable: proof.unusable,
  })
}

/**
 * Step 2: the code from that address. A failed attempt is recorded here as
 * `event`; a success is recorded by `confirm`, in the transaction of the
 * change it makes (ADR 20).
 */
export async function checkProofCode<Result extends { ok: true } | { ok: false; reason: ErrorCode & AuditReason }>(
  input: ProofInput & { data: { code: string }; typed: { code?: string } },
  proof: {
    purpose: ChallengePurpose
    event: AuditEventType
    confirm: (browserSecret: string, code: string) => Promise<Result>
  },
): Promise<Refused<'code'> | { ok: true; value: Extract<Result, { ok: true }> }> {
  const userId = input.session.user.id
  const checked = await checkEmailedCode(input, {
    purpose: proof.purpose,
    failure: { type: proof.event },
    countFailures: false,
    check: async (browserSecret) => {
      const result = await proof.confirm(browserSecret, input.data.code)
      if (result.ok) return { ok: true, value: result as Extract<Result, { ok: true }> }
      return { ok: false, reason: (result as Extract<Result, { ok: false }>).reason, userId }
    },
  })
  if (!checked.ok) return checked
  checked.finish()
  return { ok: true, value: checked.value }
}
