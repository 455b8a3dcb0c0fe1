import 'server-only'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import type { Agent } from './access-codes'
import { noticeAddresses } from '../notices/addresses'
import { deliverSecurityNotice } from '../notices/delivery'

/** The emails about helpdesk access codes: to the person a code is for, and to the admins when it is an agent's. */

/**
 * Every other administrator is told of a code issued for an agent's or
 * admin's account (the person it is for is told by sendAccessCodeNotice), so
 * a takeover attempt through the helpdesk is seen by more than the two agents.
 */
export async function sendAgentCodeNoticeToAdmins(input: { accessCodeId: string; approvedBy: Agent; context: RequestContext }): Promise<void> {
  const code = await db().accessCode.findUnique({
    where: { id: input.accessCodeId },
    select: { userId: true, requestedById: true, user: { select: { email: true } } },
  })
  if (!code) return
  // The admins are few: their number does not grow with the accounts (index on role).
  const [requester, admins] = await Promise.all([
    db().user.findUnique({ where: { id: code.requestedById }, select: { email: true } }),
    db().user.findMany({ where: { role: 'admin', status: 'active', id: { not: code.userId } }, select: { id: true, email: true } }),
  ])
  const { appName, appUrl } = env()
  for (const admin of admins) {
    await deliverSecurityNotice(
      [admin.email],
      {
        appName,
        title: 'A recovery code was issued for an agent’s account',
        summary: `An access code was issued for ${code.user.email}, an account that can administer or help others. Whoever has it can add a passkey to that account, once.`,
        details: [
          ['Asked for by', requester?.email ?? 'a former agent'],
          ['Approved by', input.approvedBy.email],
        ],
        reviewUrl: `${appUrl}/admin/recovery`,
        reviewLabel: 'Open the helpdesk page',
        activity: false,
        ifNotYou: 'If this was not expected, suspend the account and check with both agents.',
      },
      { userId: admin.id, reason: 'access_code_issued_for_agent', context: input.context },
    )
  }
}

/** Emails the person at once: who issued a code for their account, until when, and a link to report it if they didn't ask. */
export async function sendAccessCodeNotice(input: {
  userId: string
  agent: Agent
  expiresAt: Date
  reportToken: string
  context: RequestContext
}): Promise<void> {
  const { appName, appUrl } = env()
  const agentName = input.agent.displayName ? `${input.agent.displayName} (${input.agent.email})` : input.agent.email
  await deliverSecurityNotice(
    await noticeAddresses(input.userId),
    {
      appName,
      title: 'A recovery code was issued for your account',
      summary: `${agentName} issued a one-time access code for your account. Whoever has it can add a passkey to your account, once.`,
      details: [
        ['Issued by', agentName],
        ['Works until', `${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`],
      ],
      reviewUrl: `${appUrl}/recover/report?token=${input.reportToken}`,
      reviewLabel: "I didn't ask for this: stop the code",
      ifNotYou: "If you didn't ask for this, use the button to stop the code now, and tell your IT security team.",
    },
    { userId: input.userId, reason: 'access_code_issued', context: input.context },
  )
}
