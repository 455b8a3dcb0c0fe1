import 'server-only'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { env } from '../env'
import type { Addressee } from '../notices/addresses'
import { composeNotices, deliverSecurityNotice, eventFacts } from '../notices/delivery'
import { queueNotices } from '../notices/outbox'
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

/** The other active administrators, each with the language and zone they saved (through the User role index). */
async function otherAdministrators(userId: string): Promise<Addressee[]> {
  const admins = await db().user.findMany({
    where: { role: 'admin', status: 'active', id: { not: userId } },
    select: { email: true, locale: true, timeZone: true },
  })
  return admins.map((admin) => ({ addresses: [admin.email], locale: admin.locale, timeZone: admin.timeZone }))
}

export async function sendBreakGlassNotice(input: { userId: string; context: RequestContext; at?: Date }): Promise<void> {
  const [account, admins] = await Promise.all([
    db().user.findUnique({ where: { id: input.userId }, select: { email: true } }),
    otherAdministrators(input.userId),
  ])
  if (!account || admins.length === 0) return
  const { appUrl } = env()
  const at = input.at ?? new Date()
  await deliverSecurityNotice({
    to: admins,
    own: false,
    record: { userId: input.userId, reason: 'break_glass_sign_in', context: input.context },
    write: (tr) => ({
      title: tr.t('notices.breakGlass.signIn.title'),
      summary: tr.t('notices.breakGlass.signIn.summary', { email: account.email }),
      details: eventFacts(tr, at, input.context),
      reviewUrl: `${appUrl}/admin/people/${input.userId}`,
      reviewLabel: tr.t('notices.breakGlass.signIn.reviewLabel'),
      ifNotYou: tr.t('notices.breakGlass.signIn.ifNotYou'),
      activity: false,
    }),
  })
}

/** Which recovery path was tried on the break-glass account. */
export type BreakGlassRecoveryAttempt = 'access_code_request' | 'access_code_approval' | 'access_code_use' | 'self_service' | 'scim_change'

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
  const { appUrl } = env()
  const by = input.by
  const notices = composeNotices({
    to: admins,
    own: false,
    record: { userId: input.userId, reason: 'break_glass_recovery_refused', context: input.context },
    write: (tr) => ({
      title: tr.t('notices.breakGlass.recovery.title'),
      summary: tr.t('notices.breakGlass.recovery.summary', { attempt: input.attempt, email: account.email }),
      details: [...eventFacts(tr, now, input.context), ...(by ? [[tr.t('notices.facts.triedBy'), by.email] as [string, string]] : [])],
      reviewUrl: `${appUrl}/admin/audit?type=break_glass_recovery_refused`,
      reviewLabel: tr.t('notices.breakGlass.recovery.reviewLabel'),
      ifNotYou: tr.t('notices.breakGlass.recovery.ifNotYou'),
      activity: false,
    }),
  })
  await queueNotices(notices, now)
}
