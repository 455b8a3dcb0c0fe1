import 'server-only'
import { stepUpNeedsPasskey } from '../../policy/decide'
import type { UseCaseContext } from '../../use-case'
import { actionError, type ActionState } from '../../web/action-state'
import type { CurrentSession } from '../dal'
import { createEmailChallenge } from '../email-code/challenge'
import { checkEmailCode } from '../email-code/code-check'
import { checkEmailedCode, sendEmailedCode } from '../email-code/emailed-code'
import { appRequestDetail, appRequestIn } from '../../oidc/approval-proof'
import { confirmPresence } from './step-up'

/**
 * "Confirm it's you" by a code emailed to the account's own address: the
 * same kind of code and limits as sign-in. Refused where the person's group
 * wants a passkey for step-up.
 */

type Confirming = Pick<CurrentSession, 'sessionId' | 'policy'> & {
  user: Pick<CurrentSession['user'], 'id' | 'email'> & Partial<Pick<CurrentSession['user'], 'locale' | 'timeZone'>>
}

export type StepUpCodeOutcome<Field extends string> = { ok: true } | { ok: false; state: ActionState<Field> }

/** Sends the code; `returnTo` is where the browser goes once it is confirmed. */
export async function sendStepUpCode(
  input: { returnTo: string; timeZone: string },
  session: Confirming,
  ctx: UseCaseContext,
): Promise<StepUpCodeOutcome<'code'>> {
  if (stepUpNeedsPasskey(session.policy)) return { ok: false, state: actionError('step_up_passkey_required') }
  const { email, id: userId } = session.user
  const sent = await sendEmailedCode({
    email,
    purpose: 'step_up',
    userId,
    timeZone: input.timeZone,
    delivery: 'now',
    reader: session.user,
    ctx,
    create: (knownBrowser) =>
      createEmailChallenge({
        knownBrowser,
        email,
        returnTo: input.returnTo,
        context: ctx.request,
        purpose: 'step_up',
        recipient: { userId, deliver: true },
      }),
  })
  return sent.ok ? { ok: true } : sent
}

/**
 * Checks the code against this browser's own request; on success the session
 * counts as freshly verified, under a new id, and for the app request
 * `returnTo` leads back to, if any. `typedCode` is the code as typed, kept in
 * the field after a wrong code.
 */
export async function verifyStepUpCode(
  input: { code: string; typedCode?: string; returnTo?: string | null },
  session: Confirming,
  ctx: UseCaseContext,
): Promise<StepUpCodeOutcome<'code'>> {
  const { audit } = ctx
  if (stepUpNeedsPasskey(session.policy)) {
    await audit({ type: 'step_up', result: 'failure', method: 'email_code', reason: 'step_up_passkey_required' })
    return { ok: false, state: actionError('step_up_passkey_required') }
  }
  const userId = session.user.id
  const checked = await checkEmailedCode(
    { typed: { code: input.typedCode }, ctx },
    {
      purpose: 'step_up',
      failure: { type: 'step_up', method: 'email_code' },
      countFailures: false,
      check: async (browserSecret) => {
        const result = await checkEmailCode({ browserSecret, code: input.code, purpose: 'step_up' })
        // A code sent to another account (another browser's cookie) is just a wrong code here.
        if (!result.ok || result.userId !== userId) return { ok: false, reason: result.ok ? 'code_wrong' : result.reason, userId }
        return { ok: true, value: result }
      },
    },
  )
  if (!checked.ok) return checked
  checked.finish()
  const sessionId = await confirmPresence(session, { method: 'email_code', verifiedFor: appRequestIn(input.returnTo) }, ctx)
  if (!sessionId) return { ok: false, state: actionError('signed_out') }
  await audit({ type: 'step_up', result: 'success', method: 'email_code', sessionId, detail: appRequestDetail(input.returnTo) })
  return { ok: true }
}
