import 'server-only'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import type { Agent } from './access-codes'
import { noticeAddressee } from '../notices/addresses'
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
    db().user.findMany({
      where: { role: 'admin', status: 'active', id: { not: code.userId } },
      select: { id: true, email: true, locale: true, timeZone: true },
    }),
  ])
  const { appUrl } = env()
  for (const admin of admins) {
    await deliverSecurityNotice({
      to: { addresses: [admin.email], locale: admin.locale, timeZone: admin.timeZone },
      own: false,
      record: { userId: admin.id, reason: 'access_code_issued_for_agent', context: input.context },
      write: ({ t }) => ({
        title: t('notices.accessCode.forAgent.title'),
        summary: t('notices.accessCode.forAgent.summary', { email: code.user.email }),
        details: [
          [t('notices.facts.askedBy'), requester?.email ?? t('notices.accessCode.formerAgent')],
          [t('notices.facts.approvedBy'), input.approvedBy.email],
        ],
        reviewUrl: `${appUrl}/admin/recovery`,
        reviewLabel: t('notices.accessCode.forAgent.reviewLabel'),
        ifNotYou: t('notices.accessCode.forAgent.ifNotYou'),
        activity: false,
      }),
    })
  }
}

/**
 * Emails the person at once: who issued a code for their account, until when
 * (in their zone), and a link to report it if they didn't ask. In their
 * language, never the agent's.
 */
export async function sendAccessCodeNotice(input: {
  userId: string
  agent: Agent
  expiresAt: Date
  reportToken: string
  context: RequestContext
}): Promise<void> {
  const { appUrl } = env()
  const { displayName, email } = input.agent
  await deliverSecurityNotice({
    to: await noticeAddressee(input.userId),
    own: false,
    record: { userId: input.userId, reason: 'access_code_issued', context: input.context },
    write: ({ t, format }) => {
      const agent = displayName ? t('notices.accessCode.agentNamed', { name: displayName, email }) : email
      return {
        title: t('notices.accessCode.issued.title'),
        summary: t('notices.accessCode.issued.summary', { agent }),
        details: [
          [t('notices.facts.issuedBy'), agent],
          [t('notices.facts.worksUntil'), format.dateTime(input.expiresAt, 'time')],
        ],
        reviewUrl: `${appUrl}/recover/report?token=${input.reportToken}`,
        reviewLabel: t('notices.accessCode.issued.reviewLabel'),
        ifNotYou: t('notices.accessCode.issued.ifNotYou'),
      }
    },
  })
}
