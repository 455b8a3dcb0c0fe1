import 'server-only'
import { SSF_EVENTS } from '../ssf/events'
import { queueSecurityEvent } from '../ssf/queue'
import { recordEvent } from '../audit/record'
import { sessionCookie } from '../auth/session/cookie'
import { normalizeEmailAddress } from '../email/address'
import { noticeAddressee, type Addressee } from '../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import { db } from '../db'
import { env } from '../env'
import type { RequestContext } from '../web/request-context'
import { clearedCookie } from '../web/cookies'
import { endAppSessions, sendAppLogouts } from '../oidc/app-sessions'
import type { UseCaseContext } from '../use-case'

export type DeleteOwnAccountOutcome = { ok: true } | { ok: false; reason: 'delete_confirmation' }

/**
 * The person deletes their own account, with its address typed out to
 * confirm: everything goes but an anonymised history, this browser's session
 * cookie with it, and both addresses get a confirmation after the response.
 */
export async function deleteOwnAccount(
  input: { confirmation: string },
  session: { user: { id: string; email: string } },
  ctx: UseCaseContext,
): Promise<DeleteOwnAccountOutcome> {
  const confirmation = normalizeEmailAddress(input.confirmation)
  if (!confirmation.ok || confirmation.email !== session.user.email) return { ok: false, reason: 'delete_confirmation' }
  const { addressee } = await deleteAccount(session.user.id)
  const context = ctx.request
  ctx.later(() => sendAccountDeletedNotice(addressee, context))
  ctx.cookies.set(clearedCookie(sessionCookie()))
  return { ok: true }
}

/**
 * Deletes an account for good. Its passkeys, recovery codes, authenticator
 * app, sessions, email codes and access codes go with the user row (foreign
 * keys cascade), so a deleted passkey finds no credential and cannot sign in.
 * The history stays for the audit trail, anonymised: no user, IP address,
 * browser, session or details. App sessions end too (lib/oidc/app-sessions.ts). Returns the addresses to confirm the deletion to,
 * with the language and zone the person saved.
 */
export async function deleteAccount(userId: string): Promise<{ addresses: string[]; addressee: Addressee | null }> {
  const addressee = await noticeAddressee(userId)
  const addresses = addressee?.addresses ?? []
  const { anonymised, logouts } = await db().$transaction(async (tx) => {
    const anonymised = await tx.auditEvent.updateMany({
      where: { userId },
      data: { userId: null, ipAddress: null, userAgent: null, sessionId: null, detail: null, redactedAt: new Date() },
    })
    // Codes sent to the account's addresses before it existed or without a user id.
    await tx.emailChallenge.deleteMany({ where: { OR: [{ userId }, { email: { in: addresses } }] } })
    // The apps it signed in to: grants and tokens go, logout tokens follow once this commits.
    const logouts = await endAppSessions(userId, {}, tx)
    // The apps it uses that subscribed hear the account is gone (RISC account-purged), while its group is known.
    await queueSecurityEvent({ type: SSF_EVENTS.accountPurged, claims: {} }, userId, tx)
    await tx.ssfSubject.deleteMany({ where: { userId } })
    await tx.user.delete({ where: { id: userId }, select: { id: true } })
    return { anonymised, logouts }
  })
  sendAppLogouts(logouts, { accountErased: true })
  await recordEvent({ type: 'account_deleted', result: 'success', userId: null, detail: { anonymisedEvents: anonymised.count } })
  return { addresses, addressee }
}

/** "Your account was deleted", to the addresses it had, in the language the person saved or deleted it in. */
async function sendAccountDeletedNotice(addressee: Addressee | null, context: RequestContext, at = new Date()): Promise<void> {
  const { appName, appUrl } = env()
  await deliverSecurityNotice({
    to: addressee,
    own: true,
    request: context,
    // The record of this email is anonymised like the rest of the history.
    record: { userId: null, reason: 'account_deleted', context: { ipAddress: null, userAgent: null } },
    write: (tr) => ({
      title: tr.t('notices.accountDeleted.title', { appName }),
      summary: tr.t('notices.accountDeleted.summary'),
      details: eventFacts(tr, at, context),
      reviewUrl: appUrl,
      reviewLabel: tr.t('notices.common.open', { appName }),
      ifNotYou: tr.t('notices.accountDeleted.ifNotYou'),
      activity: false,
    }),
  })
}
