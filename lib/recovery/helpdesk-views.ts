import 'server-only'
import { db } from '../db'
import { VERIFICATION_CHECKS, type Agent, type VerificationCheck } from './access-codes'

/** What the helpdesk page reads: the accounts an agent looks up, and the codes waiting for a second agent. */

export type HelpdeskUser = {
  id: string
  email: string
  displayName: string | null
  role: 'user' | 'helpdesk' | 'admin'
  status: 'invited' | 'active' | 'suspended' | 'deprovisioned'
  passkeys: number
  recoveryCodesLeft: number
  totp: boolean
  /** Since when they sign in with passkeys only (a code for them needs a second agent), or null. */
  passkeyOnlySince: Date | null
}

/** Accounts whose address contains the query (at most 10), with what they can still sign in with. */
export async function findUsersForHelpdesk(query: string): Promise<HelpdeskUser[]> {
  const users = await db().user.findMany({
    where: { email: { contains: query } },
    orderBy: { email: 'asc' },
    take: 10,
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      status: true,
      passkeyOnlySince: true,
      _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } },
      totpFactor: { select: { confirmedAt: true } },
    },
  })
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    passkeys: user._count.passkeys,
    recoveryCodesLeft: user._count.recoveryCodes,
    totp: Boolean(user.totpFactor?.confirmedAt),
    passkeyOnlySince: user.passkeyOnlySince,
  }))
}

export type PendingApproval = {
  id: string
  userId: string
  userEmail: string
  userRole: Agent['role']
  requestedBy: string
  verification: string
  checks: string[]
  createdAt: Date
}

/** Requests for agents' and admins' codes that this agent may approve: not their own request, not for themselves. */
export async function pendingApprovals(agent: Agent): Promise<PendingApproval[]> {
  const rows = await db().accessCode.findMany({
    where: { status: 'awaiting_approval', requestedById: { not: agent.id }, userId: { not: agent.id } },
    orderBy: { createdAt: 'asc' },
    take: 20,
    select: { id: true, userId: true, verification: true, checks: true, createdAt: true, requestedById: true, user: { select: { email: true, role: true } } },
  })
  const requesters = await db().user.findMany({ where: { id: { in: rows.map((row) => row.requestedById) } }, select: { id: true, email: true } })
  const emailOf = new Map(requesters.map((user) => [user.id, user.email]))
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    userEmail: row.user.email,
    userRole: row.user.role,
    requestedBy: emailOf.get(row.requestedById) ?? 'a former agent',
    verification: row.verification,
    checks: (JSON.parse(row.checks) as VerificationCheck[]).map((check) => VERIFICATION_CHECKS[check] ?? check),
    createdAt: row.createdAt,
  }))
}
