import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import { queueNotices } from '../notices/outbox'
import type { SecurityNoticeProps } from '../email/templates/security-notice'
import { BREAK_GLASS_GROUP } from '../policy/presets'
import type { RequestContext } from '../web/request-context'

/**
 * The break-glass administrator (ADR 14) is for emergencies only: every one of
 * its sign-ins is announced to every other active administrator, with the
 * usual facts (when, browser, IP), so its use can never go unnoticed. It has
 * no recovery of any kind: an emergency account that two agents (or a stolen
 * mailbox) could take over would be the easiest way to the whole portal.
 */

/** Whether an account belongs to the break-glass group, whose accounts no recovery path may touch. */
export const inBreakGlassGroup = (account: { groupId: string }) => account.groupId === BREAK_GLASS_GROUP

/** The other active administrators' addresses (through the User role index). */
async function otherAdministrators(userId: string): Promise<string[]> {
  const admins = await db().user.findMany({ where: { role: 'admin', status: 'active', id: { not: userId } }, select: { email: true } })
  return admins.map((admin) => admin.email)
}

export async function sendBreakGlassNotice(input: { userId: string; context: RequestContext; at?: Date }): Promise<void> {
  const [account, admins] = await Promise.all([
    db().user.findUnique({ where: { id: input.userId }, select: { email: true } }),
    otherAdministrators(input.userId),
  ])
  if (!account || admins.length === 0) return
  const { appName, appUrl } = env()
  await deliverSecurityNotice(
    admins,
    {
      appName,
      title: 'The break-glass administrator signed in',
      summary: `The emergency administrator account ${account.email} was just used to sign in. It is meant for emergencies only.`,
      details: eventFacts(input.at ?? new Date(), input.context),
      reviewUrl: `${appUrl}/admin/people/${input.userId}`,
      reviewLabel: 'Review the account',
      ifNotYou: 'If nobody on your team expected this, suspend the account from the people page and rotate its passkey.',
      activity: false,
    },
    { userId: input.userId, reason: 'break_glass_sign_in', context: input.context },
  )
}

/** Which recovery path was tried on the break-glass account. */
export type BreakGlassRecoveryAttempt = 'access_code_request' | 'access_code_approval' | 'access_code_use' | 'self_service' | 'scim_change'

const ATTEMPT_WORDS: Record<BreakGlassRecoveryAttempt, string> = {
  access_code_request: 'A helpdesk agent or administrator asked for a one-time access code for it.',
  access_code_approval: 'An agent tried to approve a one-time access code for it.',
  access_code_use: 'Someone tried to use a one-time access code with its address.',
  self_service: 'Someone proved its email address and tried to recover it themselves.',
  scim_change: 'The directory (a SCIM client) tried to change it.',
}

/**
 * Every attempt to recover the break-glass account, refused by its caller:
 * recorded as a flagged event (with who tried, when known) and announced to
 * every other administrator. The notices go through the outbox, written here,
 * so the refusal's answer never waits for email.
 */
export async function flagBreakGlassRecovery(input: {
  userId: string
  attempt: BreakGlassRecoveryAttempt
  /** The agent or administrator who tried, when signed in. */
  by?: { id: string; email: string }
  context: RequestContext
  now?: Date
}): Promise<void> {
  const now = input.now ?? new Date()
  await recordEvent(
    {
      type: 'break_glass_recovery_refused',
      result: 'failure',
      userId: input.userId,
      reason: 'break_glass_no_recovery',
      ...(input.by ? { actorId: input.by.id, actorName: input.by.email } : {}),
      context: input.context,
      detail: { attempt: input.attempt, ...(input.by ? { by: input.by.email } : {}) },
    },
    now,
  )
  const [account, admins] = await Promise.all([
    db().user.findUnique({ where: { id: input.userId }, select: { email: true } }),
    otherAdministrators(input.userId),
  ])
  if (!account || admins.length === 0) return
  const { appName, appUrl } = env()
  const notice: SecurityNoticeProps = {
    appName,
    title: 'Someone tried to recover the break-glass administrator',
    summary: `${ATTEMPT_WORDS[input.attempt]} The emergency administrator account ${account.email} cannot be recovered, so nothing was changed.`,
    details: [...eventFacts(now, input.context), ...(input.by ? [['Tried by', input.by.email] as [string, string]] : [])],
    reviewUrl: `${appUrl}/admin/audit?type=break_glass_recovery_refused`,
    reviewLabel: 'See the attempts',
    ifNotYou: 'If nobody on your team expected this, find out who tried: someone may be after the emergency account.',
    activityUrl: null,
  }
  const record = { userId: input.userId, reason: 'break_glass_recovery_refused' as const, context: input.context }
  await queueNotices(
    admins.map((address) => ({ address, notice, record })),
    now,
  )
}
