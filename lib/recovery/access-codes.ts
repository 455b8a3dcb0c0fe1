import 'server-only'
import { flagBreakGlassRecovery, inBreakGlassGroup } from '../admin/break-glass'
import type { Audit } from '../audit/record'
import type { RequestContext } from '../web/request-context'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { db } from '../db'
import { formatRecoveryCode, newRandomCode, normalizeRecoveryCode } from './codes'
import { derivedKey } from '../crypto'

/**
 * Helpdesk-assisted recovery for people who lost every way in: an agent
 * (role helpdesk or admin) records how they checked the person's identity and
 * issues a temporary access code, shown once to read out. It works once,
 * within its validity (1 hour by default, at most 24), and leads to the same
 * enroll-only recovery session as self-service recovery. Nobody issues a code
 * for themselves, and a code for anyone who holds an agent or admin role needs
 * a second agent's approval (see approverCoolDownUntil for who may approve).
 */

const ACCESS_CODE_MAX_HOURS = 24
export const VERIFICATION_CHECKS = {
  video_call: 'Saw the person on a video call and matched them to their photo',
  id_document: 'Checked an official ID document',
  callback: 'Called them back on the number in the company directory',
  manager: 'Their manager confirmed the request',
} as const
export type VerificationCheck = keyof typeof VERIFICATION_CHECKS

export type Agent = { id: string; email: string; displayName: string | null; role: 'user' | 'helpdesk' | 'admin' }

function isAgent(user: { role: string }): boolean {
  return user.role === 'helpdesk' || user.role === 'admin'
}

/**
 * A code for an agent's account is a code for the agent's powers: one agent
 * could otherwise take over another agent's account and use it as the second
 * approver of a code for an admin. So every code for an agent or admin waits
 * for a second agent, whatever the requester's own role. So does one for a
 * person who chose passkeys only: they asked for more than one agent's word.
 */
export const needsSecondAgent = (user: { role: string; passkeyOnlySince: Date | null }) => isAgent(user) || user.passkeyOnlySince !== null

/**
 * An approver must not be an account that was itself just taken over. 14 days:
 * the real owner was emailed at once about the recovery or the new sign-in
 * method, and two working weeks cover a holiday or sick leave before they read
 * it and report it; an agent who recovered legitimately waits no longer than that.
 */
export const APPROVER_COOL_DOWN_DAYS = 14
const TAKEOVER_EVENTS = ['account_recovered', 'access_code_used', 'passkey_added', 'totp_added', 'backup_email_added', 'email_changed'] as const

/** Until when this agent may not approve codes: the end of the cool-down after their latest recovery or added factor, or null. */
export async function approverCoolDownUntil(agentId: string, now = new Date()): Promise<Date | null> {
  const since = new Date(now.getTime() - APPROVER_COOL_DOWN_DAYS * 86_400_000)
  // One row at most, through the (userId, type, createdAt) index.
  const latest = await db().auditEvent.findFirst({
    where: { userId: agentId, type: { in: [...TAKEOVER_EVENTS] }, result: 'success', createdAt: { gt: since } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  return latest ? new Date(latest.createdAt.getTime() + APPROVER_COOL_DOWN_DAYS * 86_400_000) : null
}

/** Access codes carry 80 random bits and are looked up by their keyed hash (no salt: the lookup needs a stable value). */
function hashAccessCode(code: string): string {
  return createHmac('sha256', derivedKey('helpdesk-access-code')).update(code).digest('hex')
}

export type IssueResult =
  | { ok: true; status: 'active'; id: string; userId: string; userEmail: string; forAgent: boolean; code: string; expiresAt: Date; reportToken: string }
  | { ok: true; status: 'awaiting_approval'; id: string; userId: string; userEmail: string; forAgent: boolean }
  | {
      ok: false
      reason:
        | 'access_code_self'
        | 'access_code_not_agent'
        | 'access_code_user_unknown'
        | 'access_code_same_agent'
        | 'access_code_gone'
        | 'access_code_approver_recent'
        | 'break_glass_no_recovery'
    }

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** Issues the code and the token of the "report it" link in the person's email (256 bits, stored hashed), in the caller's transaction. */
async function issue(
  tx: Pick<ReturnType<typeof db>, 'accessCode'>,
  id: string,
  approvedById: string | null,
  validMinutes: number,
  now: Date,
): Promise<{ code: string; expiresAt: Date; reportToken: string } | null> {
  const code = newRandomCode()
  const reportToken = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + validMinutes * 60_000)
  const { count } = await tx.accessCode.updateMany({
    where: { id, status: 'awaiting_approval' },
    data: { status: 'active', hash: hashAccessCode(code), reportTokenHash: sha256(reportToken), approvedById, issuedAt: now, expiresAt },
  })
  return count === 1 ? { code: formatRecoveryCode(code), expiresAt, reportToken } : null
}

export type AccessCodeRequest = { agent: Agent; userId: string; verification: string; checks: VerificationCheck[]; validHours: number }

/** The details of a request's history row: who asked, how they checked the person, for how long. */
export function requestDetail(input: AccessCodeRequest) {
  const { agent, verification, checks, validHours } = input
  return { agentId: agent.id, agent: agent.email, verification, checks: checks.join(','), validHours }
}

/**
 * An agent asks for a code for someone: issued at once, or for an agent or
 * admin, kept until a second agent approves. The request and the code are
 * written with their history rows, in one transaction.
 */
export async function requestAccessCode(input: AccessCodeRequest & { context: RequestContext; audit: Audit; now?: Date }): Promise<IssueResult> {
  const now = input.now ?? new Date()
  if (!isAgent(input.agent)) return { ok: false, reason: 'access_code_not_agent' }
  if (input.agent.id === input.userId) return { ok: false, reason: 'access_code_self' }
  const user = await db().user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, role: true, status: true, groupId: true, passkeyOnlySince: true },
  })
  if (!user || user.status !== 'active') return { ok: false, reason: 'access_code_user_unknown' }
  if (inBreakGlassGroup(user)) {
    await flagBreakGlassRecovery({ userId: user.id, attempt: 'access_code_request', by: input.agent, context: input.context, now })
    return { ok: false, reason: 'break_glass_no_recovery' }
  }
  const validMinutes = Math.round(Math.min(Math.max(input.validHours, 1), ACCESS_CODE_MAX_HOURS) * 60)
  const { agent, audit } = input
  return db().$transaction(async (tx): Promise<IssueResult> => {
    const request = await tx.accessCode.create({
      data: {
        userId: user.id,
        status: 'awaiting_approval',
        requestedById: agent.id,
        verification: input.verification,
        checks: JSON.stringify(input.checks),
        validMinutes,
        createdAt: now,
      },
      select: { id: true },
    })
    await audit({ type: 'access_code_requested', result: 'success', userId: user.id, detail: { ...requestDetail(input), accessCodeId: request.id } }, tx)
    const target = { id: request.id, userId: user.id, userEmail: user.email, forAgent: needsSecondAgent(user) }
    if (target.forAgent) return { ok: true, status: 'awaiting_approval', ...target }
    const issued = await issue(tx, request.id, null, validMinutes, now)
    if (!issued) return { ok: false, reason: 'access_code_gone' }
    await audit(
      { type: 'access_code_issued', result: 'success', userId: user.id, detail: { agentId: agent.id, agent: agent.email, accessCodeId: request.id } },
      tx,
    )
    return { ok: true, status: 'active', ...target, ...issued }
  })
}

/**
 * A second agent approves an agent's or admin's code; the code is issued then
 * and shown to them once. The approver is neither the requester nor the person
 * the code is for, and was not recovered (or given a new factor) recently.
 */
export async function approveAccessCode(input: { agent: Agent; requestId: string; context: RequestContext; audit: Audit; now?: Date }): Promise<IssueResult> {
  const now = input.now ?? new Date()
  if (!isAgent(input.agent)) return { ok: false, reason: 'access_code_not_agent' }
  const request = await db().accessCode.findUnique({
    where: { id: input.requestId },
    select: {
      id: true,
      userId: true,
      requestedById: true,
      status: true,
      validMinutes: true,
      user: { select: { email: true, role: true, groupId: true, passkeyOnlySince: true } },
    },
  })
  if (!request || request.status !== 'awaiting_approval') return { ok: false, reason: 'access_code_gone' }
  // A request made before the account joined the break-glass group is not approved either.
  if (inBreakGlassGroup(request.user)) {
    await flagBreakGlassRecovery({ userId: request.userId, attempt: 'access_code_approval', by: input.agent, context: input.context, now })
    return { ok: false, reason: 'break_glass_no_recovery' }
  }
  if (request.userId === input.agent.id) return { ok: false, reason: 'access_code_self' }
  if (request.requestedById === input.agent.id) return { ok: false, reason: 'access_code_same_agent' }
  if (await approverCoolDownUntil(input.agent.id, now)) return { ok: false, reason: 'access_code_approver_recent' }
  const { agent, audit } = input
  const forAgent = needsSecondAgent(request.user)
  return db().$transaction(async (tx): Promise<IssueResult> => {
    const issued = await issue(tx, request.id, agent.id, request.validMinutes, now)
    if (!issued) return { ok: false, reason: 'access_code_gone' }
    const detail = { agentId: agent.id, agent: agent.email, accessCodeId: request.id, approval: true, forAgent }
    await audit({ type: 'access_code_issued', result: 'success', userId: request.userId, detail }, tx)
    return { ok: true, status: 'active', id: request.id, userId: request.userId, userEmail: request.user.email, forAgent, ...issued }
  })
}

export type RedeemResult =
  | { ok: true; userId: string; accessCodeId: string }
  | { ok: false; reason: 'access_code_wrong' | 'access_code_expired' | 'access_code_used'; accessCodeId?: string; userId?: string }

/**
 * The person enters their address and the code the agent read out. The code
 * must be active, unexpired and for that address's account; it is claimed with
 * one conditional UPDATE, so it works exactly once, and recorded as used in the
 * same transaction. Refusals are the caller's to record.
 */
export async function redeemAccessCode(email: string, typed: string, context: RequestContext, audit: Audit, now = new Date()): Promise<RedeemResult> {
  const code = normalizeRecoveryCode(typed)
  if (!code) return { ok: false, reason: 'access_code_wrong' }
  const hash = hashAccessCode(code)
  const row = await db().accessCode.findUnique({
    where: { hash },
    select: { id: true, status: true, expiresAt: true, user: { select: { id: true, email: true, status: true, groupId: true } } },
  })
  if (!row || row.user.email !== email || row.user.status !== 'active') return { ok: false, reason: 'access_code_wrong' }
  const base = { accessCodeId: row.id, userId: row.user.id }
  // A code issued before the account joined the break-glass group: stopped, and the person gets the usual answer.
  if (inBreakGlassGroup(row.user)) {
    await db().accessCode.updateMany({ where: { id: row.id, status: { in: ['active', 'awaiting_approval'] } }, data: { status: 'expired' } })
    await flagBreakGlassRecovery({ userId: row.user.id, attempt: 'access_code_use', context, now })
    return { ok: false, reason: 'access_code_wrong', ...base }
  }
  if (row.status === 'used') return { ok: false, reason: 'access_code_used', ...base }
  if (row.status === 'expired') return { ok: false, reason: 'access_code_expired', ...base }
  if (row.status !== 'active') return { ok: false, reason: 'access_code_wrong', ...base }
  if (!row.expiresAt || row.expiresAt <= now) return { ok: false, reason: 'access_code_expired', ...base }
  return db().$transaction(async (tx): Promise<RedeemResult> => {
    const { count } = await tx.accessCode.updateMany({ where: { hash, status: 'active', expiresAt: { gt: now } }, data: { status: 'used', usedAt: now } })
    if (count !== 1) return { ok: false, reason: 'access_code_used', ...base }
    await audit({ type: 'access_code_used', result: 'success', userId: row.user.id, detail: { accessCodeId: row.id } }, tx)
    return { ok: true, ...base }
  })
}

const tokenLooksValid = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token)

/** What the report page shows for a link: whether the code can still be stopped, and who issued it. */
export async function describeReportLink(token: string, now = new Date()): Promise<'active' | 'used' | 'reported' | 'expired' | 'invalid'> {
  if (!tokenLooksValid(token)) return 'invalid'
  const row = await db().accessCode.findUnique({ where: { reportTokenHash: sha256(token) }, select: { status: true, expiresAt: true } })
  if (!row) return 'invalid'
  if (row.status === 'used' || row.status === 'reported') return row.status
  return row.expiresAt && row.expiresAt > now ? 'active' : 'expired'
}

/**
 * "I didn't ask for this": stops the code at once (one conditional UPDATE; a
 * used code stays used) and records the report, stopped or not, in the same
 * transaction.
 */
export async function reportAccessCode(
  token: string,
  audit: Audit,
): Promise<{ ok: true; userId: string; accessCodeId: string; stopped: boolean } | { ok: false }> {
  if (!tokenLooksValid(token)) return { ok: false }
  const reportTokenHash = sha256(token)
  const row = await db().accessCode.findUnique({ where: { reportTokenHash }, select: { id: true, userId: true } })
  if (!row) return { ok: false }
  return db().$transaction(async (tx) => {
    const { count } = await tx.accessCode.updateMany({ where: { reportTokenHash, status: 'active' }, data: { status: 'reported' } })
    const stopped = count === 1
    await audit({ type: 'access_code_reported', result: 'success', userId: row.userId, detail: { accessCodeId: row.id, stopped } }, tx)
    return { ok: true as const, userId: row.userId, accessCodeId: row.id, stopped }
  })
}
