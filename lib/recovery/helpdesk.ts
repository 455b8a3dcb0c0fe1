import 'server-only'
import type { UseCaseContext } from '../use-case'
import { sendAccessCodeNotice, sendAgentCodeNoticeToAdmins } from './access-code-notices'
import { approveAccessCode, requestAccessCode, requestDetail, type Agent, type IssueResult, type VerificationCheck } from './access-codes'

/**
 * The helpdesk's side of access codes: an agent asks for one for someone who
 * lost every way in, and a second agent approves one for an agent or admin.
 * A code is shown once, to the agent; the person hears of it by email.
 */

type Refusal = Extract<IssueResult, { ok: false }>['reason']

export type IssueOutcome =
  | { ok: true; status: 'issued'; code: string; expiresAt: Date; forEmail: string }
  | { ok: true; status: 'awaiting_approval'; forEmail: string }
  | { ok: false; reason: Refusal }

export type AccessCodeAsk = { userId: string; verification: string; checks: VerificationCheck[]; validHours: number }

/**
 * Issues a code at once, or keeps the request for a second agent when the
 * person is an agent or admin. A refusal is recorded with the request's
 * details; an id that names no active account only there, not as the event's user.
 */
export async function issueAccessCode(input: AccessCodeAsk, session: { user: Agent }, ctx: UseCaseContext): Promise<IssueOutcome> {
  const agent = session.user
  const request = { agent, ...input }
  const result = await requestAccessCode({ ...request, context: ctx.request, audit: ctx.audit })
  if (!result.ok) {
    const known = result.reason !== 'access_code_user_unknown'
    const detail = { ...requestDetail(request), userId: input.userId }
    await ctx.audit({ type: 'access_code_requested', result: 'failure', userId: known ? input.userId : null, reason: result.reason, detail })
    return { ok: false, reason: result.reason }
  }
  if (result.status === 'awaiting_approval') return { ok: true, status: 'awaiting_approval', forEmail: result.userEmail }
  const { userId, expiresAt, reportToken } = result
  ctx.later(() => sendAccessCodeNotice({ userId, agent, expiresAt, reportToken, context: ctx.request }))
  return { ok: true, status: 'issued', code: result.code, expiresAt, forEmail: result.userEmail }
}

/**
 * A second agent approves a waiting request; the code is issued and shown to
 * them once. The person is emailed, and for an agent's account every other
 * admin too.
 */
export async function approveAccessCodeRequest(
  input: { requestId: string },
  session: { user: Agent },
  ctx: UseCaseContext,
): Promise<Extract<IssueOutcome, { status: 'issued' }> | Extract<IssueOutcome, { ok: false }>> {
  const agent = session.user
  const result = await approveAccessCode({ agent, requestId: input.requestId, context: ctx.request, audit: ctx.audit })
  if (!result.ok || result.status !== 'active') {
    await ctx.audit({
      type: 'access_code_issued',
      result: 'failure',
      // The event is about the request, not the approving agent's own account.
      userId: null,
      reason: result.ok ? null : result.reason,
      detail: { agentId: agent.id, accessCodeId: input.requestId },
    })
    return { ok: false, reason: result.ok ? 'access_code_gone' : result.reason }
  }
  const { userId, expiresAt, reportToken } = result
  ctx.later(async () => {
    await sendAccessCodeNotice({ userId, agent, expiresAt, reportToken, context: ctx.request })
    if (result.forAgent) await sendAgentCodeNoticeToAdmins({ accessCodeId: result.id, approvedBy: agent, context: ctx.request })
  })
  return { ok: true, status: 'issued', code: result.code, expiresAt, forEmail: result.userEmail }
}
