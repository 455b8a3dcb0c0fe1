'use server'

import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { after } from 'next/server'
import { z } from 'zod'
import { checkEmailedCode, sendEmailedCode } from '@/lib/auth/email-code/emailed-code'
import { defineAction, defineCommand } from '@/lib/actions/pipeline'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { createSession } from '@/lib/auth/session/start'
import { signOutElsewhere } from '@/lib/auth/session/sign-out-elsewhere'
import { browserAppSession } from '@/lib/oidc/browser-session'
import { emailAddressField } from '@/lib/email/address'
import { redeemAccessCode, reportAccessCode } from '@/lib/recovery/access-codes'
import {
  completeRecovery,
  completeRecoveryByEmail,
  proveRecoveryEmail,
  recoveryProgress,
  recoveryRecipient,
  sendRecoveredNotice,
  startRecovery,
} from '@/lib/recovery/self-service'
import { actionError, type ActionState } from '@/lib/web/action-state'
import { clearedCookie } from '@/lib/web/cookies'
import { emailedCodeField, timeZoneField } from '@/lib/web/form-fields'

export type RecoverEmailState = ActionState<'email'>
export type RecoverCodeState = ActionState<'code'>
export type RecoverFactorState = ActionState<'code'>

const recoveryCookie = () => signInRequestCookie('recovery')

/** Step 1: an emailed code to an address of the account. The same answer for every address. */
export const requestRecoveryAction = defineAction(
  {
    guard: 'anonymous',
    fields: { email: { error: 'email_invalid', echo: 320 }, timeZone: {} },
    schema: z.object({ email: emailAddressField, timeZone: timeZoneField }),
  },
  async ({ data, context, ctx }): Promise<RecoverEmailState> => {
    const { email, timeZone } = data
    const recipient = await recoveryRecipient(email)
    const sent = await sendEmailedCode({
      email,
      purpose: 'recovery',
      userId: recipient.userId,
      timeZone,
      // Sent after the response (with retries), as only known addresses get it: every address is answered alike.
      delivery: 'invite-only',
      ctx,
      requested: { type: 'recovery_requested', method: 'email' },
      field: 'email',
      create: (knownBrowser) => startRecovery(email, context, { recipient, knownBrowser }),
    })
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
  async (input): Promise<RecoverCodeState> => {
    const { data, audit } = input
    const checked = await checkEmailedCode(input, {
      purpose: 'recovery',
      failure: { type: 'recovery_email_proven', method: 'email_code' },
      countFailures: true,
      check: async (browserSecret) => {
        const result = await proveRecoveryEmail(browserSecret, data.code)
        return result.ok ? { ok: true, value: result } : result
      },
    })
    if (!checked.ok) return checked.state
    await audit({ type: 'recovery_email_proven', result: 'success', userId: checked.value.userId, method: 'email_code' })
    redirect('/recover')
  },
)

/** Step 2: a recovery code or an authenticator-app code. Success starts a 15-minute recovery session. */
export const completeRecoveryAction = defineAction(
  {
    guard: 'anonymous',
    fields: { kind: {}, code: { error: 'recovery_factor_wrong', echo: 64 } },
    schema: z.object({
      kind: z.enum(['recovery_code', 'totp'], { error: 'bad_request' }),
      code: z.string({ error: 'recovery_factor_wrong' }).min(1, 'recovery_factor_wrong').max(64, 'recovery_factor_wrong'),
    }),
    limit: [{ policy: 'recovery-per-ip' }],
    limitField: 'code',
    event: { type: 'recovery_factor', method: (data) => data.kind },
  },
  async ({ data, typed, context, audit, limited, ctx }): Promise<RecoverFactorState> => {
    const jar = await cookies()
    const secret = jar.get(recoveryCookie().name)?.value
    const progress = await recoveryProgress(secret)
    if (!secret || progress.step !== 'factor') return actionError('recovery_expired')
    const refused = await limited('recovery-per-account', { email: progress.email }, 'code')
    if (refused) return refused
    const result = await completeRecovery(secret, data.kind, data.code, context, audit)
    if (!result.ok) {
      const userId = progress.accounts.length === 1 ? progress.accounts[0]!.id : null
      await audit({ type: 'recovery_factor', result: 'failure', userId, method: data.kind, reason: result.reason })
      return result.reason === 'recovery_factor_wrong'
        ? actionError(result.reason, { field: 'code', values: { code: typed.code } })
        : actionError(result.reason)
    }
    await createSession(result.userId, 'recovery', ctx)
    jar.set(clearedCookie(recoveryCookie()))
    after(() => sendRecoveredNotice(result.userId, data.kind, context))
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
  async ({ context, audit, ctx }): Promise<RecoverFactorState> => {
    const jar = await cookies()
    const secret = jar.get(recoveryCookie().name)?.value
    const result = secret ? await completeRecoveryByEmail(secret, audit) : null
    if (!result?.ok) return actionError('recovery_expired')
    await createSession(result.userId, 'recovery', ctx)
    jar.set(clearedCookie(recoveryCookie()))
    after(() => sendRecoveredNotice(result.userId, 'email', context))
    redirect('/recover/enroll')
  },
)

/** "Start again": forget this browser's recovery request. */
export const restartRecoveryAction = defineCommand({ guard: 'public' }, async (): Promise<void> => {
  ;(await cookies()).set(clearedCookie(recoveryCookie()))
  redirect('/recover')
})

/** After recovery: "Sign out everywhere else" ends every other session of the account. */
export const signOutOtherSessionsAction = defineCommand({ guard: 'session', page: '/recover/done' }, async ({ session, audit }): Promise<void> => {
  await signOutElsewhere({ userId: session.user.id, keepSessionId: session.sessionId, appSession: await browserAppSession(), audit })
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
  async ({ data, typed, context, audit, ctx }): Promise<AccessCodeRedeemState> => {
    const result = await redeemAccessCode(data.email, data.code, context, audit)
    if (!result.ok) {
      await audit({
        type: 'access_code_used',
        result: 'failure',
        userId: result.userId ?? null,
        reason: result.reason,
        detail: result.accessCodeId ? { accessCodeId: result.accessCodeId } : undefined,
      })
      return actionError(result.reason, { field: 'code', values: typed })
    }
    await createSession(result.userId, 'recovery', ctx)
    after(() => sendRecoveredNotice(result.userId, 'access_code', context))
    redirect('/recover/enroll')
  },
)

export type ReportState = ActionState | { status: 'reported'; stopped: boolean }

/** "I didn't ask for this" from the access-code email, from any browser: stops the code and records the report. */
export const reportAccessCodeAction = defineAction(
  { guard: 'public', fields: { token: {} }, schema: z.object({ token: z.string().max(128) }), limit: [{ policy: 'verify-per-ip' }] },
  async ({ data, audit }): Promise<ReportState> => {
    const result = await reportAccessCode(data.token, audit)
    if (!result.ok) return actionError('bad_request')
    return { status: 'reported', stopped: result.stopped }
  },
)
