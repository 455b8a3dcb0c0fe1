'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { getCurrentSession } from '@/lib/auth/dal'
import { emailAddressField } from '@/lib/email/address'
import { recoverWithAccessCode, reportAccessCodeFromEmail } from '@/lib/recovery/access-code-use'
import { requestRecovery, verifyRecoveryEmail } from '@/lib/recovery/recovery-email'
import { recoverWithFactor, restartRecovery } from '@/lib/recovery/recovery-factor'
import { finishWaitingRecovery, scheduleRecoveryByEmail, stopRecoveryAsRequester, stopRecoveryByLink } from '@/lib/recovery/waiting-recovery'
import { signOutOthersAfterRecovery } from '@/lib/recovery/recovery-session'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { emailedCodeField, timeZoneField } from '@/lib/web/form-fields'

export type RecoverEmailState = ActionState<'email'>
export type RecoverCodeState = ActionState<'code'>
export type RecoverFactorState = ActionState<'code'>

/** Step 1: an emailed code to an address of the account. The same answer for every address. */
export const requestRecoveryAction = defineAction(
  {
    guard: 'anonymous',
    fields: { email: { error: 'email_invalid', echo: 320 }, timeZone: {} },
    schema: z.object({ email: emailAddressField, timeZone: timeZoneField }),
  },
  async ({ data, ctx }): Promise<RecoverEmailState> => {
    const sent = await requestRecovery(data, ctx)
    if (!sent.ok) return sent.state
    redirect('/recover')
  },
)

/** Step 1, continued: the code from the email. */
export const verifyRecoveryEmailAction = defineAction(
  {
    guard: 'anonymous',
    fields: { code: { error: 'code_format', echo: 32 } },
    schema: z.object({ code: emailedCodeField }),
    limit: [{ policy: 'verify-per-ip' }],
    limitField: 'code',
  },
  async ({ data, typed, ctx }): Promise<RecoverCodeState> => {
    const proven = await verifyRecoveryEmail({ data, typed }, ctx)
    if (!proven.ok) return proven.state
    redirect('/recover')
  },
)

/** Step 2: a recovery code or an authenticator-app code (both, for an account that chose passkeys only). Success starts a 15-minute recovery session. */
export const completeRecoveryAction = defineAction(
  {
    guard: 'anonymous',
    fields: { kind: {}, code: { error: 'recovery_factor_wrong', echo: 64 }, totp: { error: 'recovery_factor_wrong' } },
    schema: z.object({
      kind: z.enum(['recovery_code', 'totp', 'recovery_code_and_totp'], { error: 'bad_request' }),
      code: z.string({ error: 'recovery_factor_wrong' }).min(1, 'recovery_factor_wrong').max(64, 'recovery_factor_wrong'),
      totp: z.string({ error: 'recovery_factor_wrong' }).max(16, 'recovery_factor_wrong').optional(),
    }),
    limit: [{ policy: 'recovery-per-ip' }],
    limitField: 'code',
    event: { type: 'recovery_factor', method: (data) => data.kind },
  },
  async ({ data, typed, ctx }): Promise<RecoverFactorState> => {
    const recovered = await recoverWithFactor(data, ctx)
    if (!recovered.ok) {
      if (recovered.reason === 'rate_limited') return actionError(recovered.error, { field: 'code', retryAt: recovered.retryAt, values: typed })
      if (recovered.reason === 'recovery_factor_wrong') return actionError(recovered.reason, { field: 'code', values: { code: typed.code } })
      return actionError(recovered.reason)
    }
    redirect('/recover/enroll')
  },
)

/** Step 2 where the account's group lets the proven email alone recover it (a low-risk customer group only). */
export const recoverWithEmailAction = defineAction(
  {
    guard: 'anonymous',
    fields: {},
    schema: z.object({}),
    limit: [{ policy: 'recovery-per-ip' }],
    event: { type: 'recovery_factor', method: 'email' },
  },
  async ({ ctx }): Promise<RecoverFactorState> => {
    const scheduled = await scheduleRecoveryByEmail(ctx)
    if (!scheduled.ok) return actionError(scheduled.reason)
    redirect('/recover/waiting')
  },
)

/** Once the wait is over, the browser that asked finishes its recovery by email and gets a recovery session. */
export const finishWaitingRecoveryAction = defineAction(
  { guard: 'anonymous', fields: {}, schema: z.object({}), limit: [{ policy: 'recovery-per-ip' }], event: { type: 'recovery_factor', method: 'email' } },
  async ({ ctx }): Promise<ActionState> => {
    const finished = await finishWaitingRecovery(ctx)
    if (!finished.ok) return actionError(finished.reason)
    redirect('/recover/enroll')
  },
)

/** The asking browser stops its own waiting recovery. */
export const stopMyRecoveryAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  await stopRecoveryAsRequester(ctx)
  redirect('/recover')
})

export type StopRecoveryState = ActionState | { status: 'stopped' }

/** The notice's "Stop this recovery" link, pressed: at once in a browser that signed in to the account before. */
export const stopRecoveryByLinkAction = defineAction(
  {
    guard: 'public',
    fields: { token: {} },
    schema: z.object({ token: z.string({ error: 'recovery_stop_gone' }).regex(/^[A-Za-z0-9_-]{43}$/, 'recovery_stop_gone') }),
    limit: [{ policy: 'recovery-per-ip' }],
  },
  async ({ data, ctx }): Promise<StopRecoveryState> => {
    // Signed in to the account is as good as a browser it signed in with; the DAL says who is signed in here.
    const signedInAs = (await getCurrentSession())?.user.id ?? null
    const stopped = await stopRecoveryByLink({ token: data.token, signedInAs }, ctx)
    return stopped.ok ? { status: 'stopped' } : actionError(stopped.reason)
  },
)

/** "Start again": forget this browser's recovery request. */
export const restartRecoveryAction = defineCommand({ guard: 'public' }, async ({ ctx }): Promise<void> => {
  restartRecovery(ctx)
  redirect('/recover')
})

/** After recovery: "Sign out everywhere else" ends every other session of the account. */
export const signOutOtherSessionsAction = defineCommand({ guard: 'session', page: '/recover/done' }, async ({ session, ctx }): Promise<void> => {
  await signOutOthersAfterRecovery(session, ctx)
  redirect('/recover/done?signedOut=1')
})

export type AccessCodeRedeemState = ActionState<'email' | 'code'>

/** A helpdesk access code with the person's address: once, and it starts the same recovery session. */
export const redeemAccessCodeAction = defineAction(
  {
    guard: 'anonymous',
    fields: { email: { error: 'email_invalid', echo: 320 }, code: { error: 'access_code_wrong', echo: 64 } },
    schema: z.object({
      email: emailAddressField,
      code: z.string({ error: 'access_code_wrong' }).min(1, 'access_code_wrong').max(64, 'access_code_wrong'),
    }),
    limit: [{ policy: 'recovery-per-ip' }, { policy: 'recovery-per-account', email: (data) => data.email }],
    limitField: 'code',
    event: { type: 'access_code_used' },
  },
  async ({ data, typed, ctx }): Promise<AccessCodeRedeemState> => {
    const recovered = await recoverWithAccessCode(data, ctx)
    if (!recovered.ok) return actionError(recovered.reason, { field: 'code', values: typed })
    redirect('/recover/enroll')
  },
)

export type ReportState = ActionState | { status: 'reported'; stopped: boolean }

/** "I didn't ask for this" from the access-code email, from any browser: stops the code and records the report. */
export const reportAccessCodeAction = defineAction(
  { guard: 'public', fields: { token: {} }, schema: z.object({ token: z.string().max(128) }), limit: [{ policy: 'verify-per-ip' }] },
  async ({ data, ctx }): Promise<ReportState> => {
    const reported = await reportAccessCodeFromEmail(data, ctx)
    if (!reported.ok) return actionError('bad_request')
    return { status: 'reported', stopped: reported.stopped }
  },
)
