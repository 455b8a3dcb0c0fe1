'use server'

import { after } from 'next/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { sendAccessCodeNotice, sendAgentCodeNoticeToAdmins } from '@/lib/recovery/access-code-notices'
import { VERIFICATION_CHECKS, approveAccessCode, requestAccessCode, requestDetail, type VerificationCheck } from '@/lib/recovery/access-codes'
import { actionError, type ActionState } from '@/lib/web/action-state'

const PAGE = '/admin/recovery'

type Field = 'verification' | 'checks'
export type AccessCodeState =
  ActionState<Field> | { status: 'issued'; code: string; expiresAt: string; forEmail: string } | { status: 'awaiting_approval'; forEmail: string }

const CHECK_IDS = Object.keys(VERIFICATION_CHECKS) as [VerificationCheck, ...VerificationCheck[]]

const issueSchema = z.object({
  userId: z.string({ error: 'bad_request' }).min(1, 'bad_request').max(64, 'bad_request'),
  verification: z
    .string({ error: 'verification_text' })
    // Kept as typed apart from control characters; it is shown escaped and stored in the audit log.
    .transform((value) => value.replace(/[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu, ' ').trim())
    .pipe(z.string().min(10, 'verification_text').max(1000, 'verification_text')),
  checks: z
    .array(z.enum(CHECK_IDS, { error: 'verification_checks' }), { error: 'verification_checks' })
    .min(1, 'verification_checks')
    .max(CHECK_IDS.length),
  validHours: z.enum(['1', '4', '8', '24'], { error: 'bad_request' }).transform(Number),
})

/** Issues an access code for someone who lost every way in (or asks a second agent to approve one for an agent or admin). */
export const issueAccessCodeAction = defineAction(
  {
    guard: 'agent',
    page: PAGE,
    fields: { userId: {}, verification: { error: 'verification_text', echo: 1000 }, checks: { error: 'verification_checks', many: true }, validHours: {} },
    schema: issueSchema,
  },
  async ({ data, typed, session, context, audit }): Promise<AccessCodeState> => {
    const agent = session.user
    const { userId, verification, checks, validHours } = data
    const request = { agent, userId, verification, checks, validHours }
    const result = await requestAccessCode({ ...request, context, audit })
    if (!result.ok) {
      // An id that names no account is kept in the details, not as the event's user.
      const known = result.reason !== 'access_code_user_unknown'
      const detail = { ...requestDetail(request), userId }
      await audit({ type: 'access_code_requested', result: 'failure', userId: known ? userId : null, reason: result.reason, detail })
      return actionError(result.reason, { values: { verification: typed.verification } })
    }
    if (result.status === 'awaiting_approval') return { status: 'awaiting_approval', forEmail: result.userEmail }
    after(() => sendAccessCodeNotice({ userId, agent, expiresAt: result.expiresAt, reportToken: result.reportToken, context }))
    return { status: 'issued', code: result.code, expiresAt: result.expiresAt.toISOString(), forEmail: result.userEmail }
  },
)

/** A second agent approves an agent's or admin's access code; it is shown to them once, to read out. */
export const approveAccessCodeAction = defineAction(
  { guard: 'agent', page: PAGE, fields: { requestId: {} }, schema: z.object({ requestId: z.string().min(1).max(64) }), invalid: 'access_code_gone' },
  async ({ data, session, context, audit }): Promise<AccessCodeState> => {
    const agent = session.user
    const result = await approveAccessCode({ agent, requestId: data.requestId, context, audit })
    if (!result.ok || result.status !== 'active') {
      await audit({
        type: 'access_code_issued',
        result: 'failure',
        // The event is about the request, not the approving agent's own account.
        userId: null,
        reason: result.ok ? null : result.reason,
        detail: { agentId: agent.id, accessCodeId: data.requestId },
      })
      return actionError(result.ok ? 'access_code_gone' : result.reason)
    }
    after(async () => {
      await sendAccessCodeNotice({ userId: result.userId, agent, expiresAt: result.expiresAt, reportToken: result.reportToken, context })
      if (result.forAgent) await sendAgentCodeNoticeToAdmins({ accessCodeId: result.id, approvedBy: agent, context })
    })
    // No revalidation: the approved request stays on screen with its code, which is shown only in this answer.
    return { status: 'issued', code: result.code, expiresAt: result.expiresAt.toISOString(), forEmail: result.userEmail }
  },
)
