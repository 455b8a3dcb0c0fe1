import 'server-only'
import { noticeAddressee } from '../notices/addresses'
import { createEmailChallenge, type CreatedChallenge } from '../auth/email-code/challenge'
import { checkEmailCode, type CodeCheck } from '../auth/email-code/code-check'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import type { Audit } from '../audit/record'
import type { CurrentSession } from '../auth/dal'
import { checkProofCode, sendProofCode, type Refused } from '../auth/email-code/emailed-code'
import { db } from '../db'
import { env } from '../env'
import type { UseCaseContext } from '../use-case'
import type { RequestContext } from '../web/request-context'

/**
 * Changing the address an account signs in with. The new address must be
 * proven with a code sent to it; only then does it replace the old one, and
 * the old address hears about it. An address another account already uses
 * gets no code, but the person asking sees the same "we sent a code": the
 * page never tells who has an account.
 */

export async function pendingEmailChange(userId: string, now = new Date()): Promise<string | null> {
  const pending = await db().emailChallenge.findFirst({
    where: { userId, purpose: 'email_change', status: 'pending', expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { email: true },
  })
  return pending?.email ?? null
}

/** Null when the address is already the account's own. */
export async function startEmailChange(user: { id: string; email: string }, address: string, context: RequestContext): Promise<CreatedChallenge | null> {
  if (address === user.email) return null
  const taken = await db().user.findUnique({ where: { email: address }, select: { id: true } })
  // Older pending changes stop counting: only the latest address asked for can be confirmed.
  await db().emailChallenge.updateMany({ where: { userId: user.id, purpose: 'email_change', status: 'pending' }, data: { status: 'superseded' } })
  return createEmailChallenge({ email: address, returnTo: null, context, purpose: 'email_change', recipient: { userId: user.id, deliver: !taken } })
}

export type EmailChangeResult = CodeCheck | { ok: false; reason: 'request_gone'; userId: string; email: string }

/**
 * Completes the change with the code from the new address. Pending sign-in
 * codes and links for the old address stop working; a backup address equal
 * to the new one is dropped (it would recover nothing new).
 */
export async function confirmEmailChange(
  userId: string,
  browserSecret: string,
  code: string,
  audit: Audit,
  now = new Date(),
): Promise<EmailChangeResult & { previous?: string }> {
  const checked = await checkEmailCode({ browserSecret, code, purpose: 'email_change', now })
  if (!checked.ok) return checked
  if (checked.userId !== userId) return { ok: false, reason: 'request_gone', userId, email: checked.email }
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, backupEmail: true } })
  try {
    await db().$transaction(async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: { email: checked.email, emailVerifiedAt: now, ...(user.backupEmail === checked.email ? { backupEmail: null, backupEmailVerifiedAt: null } : {}) },
        select: { id: true },
      })
      await tx.emailChallenge.updateMany({
        where: { userId, purpose: { not: 'email_change' }, status: { in: ['pending', 'approved'] } },
        data: { status: 'superseded' },
      })
      await audit({ type: 'email_changed', result: 'success', userId }, tx)
    })
  } catch (error) {
    // Another account took the address between the code and now (unique index).
    if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: 'request_gone', userId, email: checked.email }
    throw error
  }
  return { ...checked, previous: user.email }
}

/** Tells the old address (and the backup address) that the account now signs in with another one, in the person's language. */
export async function sendEmailChangedNotice(input: { userId: string; previous: string; current: string; context: RequestContext; at?: Date }): Promise<void> {
  const { appName, appUrl } = env()
  const addressee = (await noticeAddressee(input.userId)) ?? { addresses: [], locale: null, timeZone: null }
  const at = input.at ?? new Date()
  await deliverSecurityNotice({
    to: { ...addressee, addresses: [input.previous, ...addressee.addresses] },
    own: true,
    record: { userId: input.userId, reason: 'email_changed', context: input.context },
    write: (tr) => {
      const { t } = tr
      return {
        title: t('notices.emailChanged.title'),
        summary: t('notices.emailChanged.summary', { appName, current: input.current, previous: input.previous }),
        details: [[t('notices.facts.newAddress'), input.current], [t('notices.facts.previousAddress'), input.previous], ...eventFacts(tr, at, input.context)],
        reviewUrl: `${appUrl}/account/profile`,
        reviewLabel: t('notices.emailChanged.reviewLabel'),
        ifNotYou: t('notices.emailChanged.ifNotYou'),
      }
    },
  })
}

/** Step 1 of changing the sign-in address: a code goes to the new address (none to one another account has). */
export async function requestEmailChange(
  input: { email: string; timeZone: string },
  session: CurrentSession,
  ctx: UseCaseContext,
): Promise<Refused<'email'> | { ok: true }> {
  const sent = await sendProofCode(
    { data: input, session, ctx },
    {
      purpose: 'email_change',
      unusable: 'email_change_same',
      requested: { type: 'email_change_requested' },
      create: () => startEmailChange(session.user, input.email, ctx.request),
    },
  )
  return sent.ok ? { ok: true } : sent
}

/** Step 2: the code from the new address makes it the sign-in address; the old one is told after the response. */
export async function completeEmailChange(
  /** `typed`: the code as it was typed, kept in the field after a wrong code. */
  input: { code: string; typed?: string },
  session: CurrentSession,
  ctx: UseCaseContext,
): Promise<Refused<'code'> | { ok: true; current: string; previous: string }> {
  const userId = session.user.id
  const proven = await checkProofCode(
    { data: input, typed: { code: input.typed }, session, ctx },
    {
      purpose: 'email_change',
      event: 'email_changed',
      confirm: (secret, code) => confirmEmailChange(userId, secret, code, ctx.audit),
    },
  )
  if (!proven.ok) return proven
  const current = proven.value.email
  const previous = proven.value.previous ?? session.user.email
  const context = ctx.request
  ctx.later(() => sendEmailChangedNotice({ userId, previous, current, context }))
  return { ok: true, current, previous }
}
