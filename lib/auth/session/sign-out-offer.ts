import 'server-only'
import type { AuditEventType } from '../../audit/record'
import { db } from '../../db'
import { env } from '../../env'
import type { CookieJar, UseCaseContext } from '../../use-case'

/**
 * After a change to how the account signs in (passkey added or removed,
 * recovery factors, email address or passkey-only mode changed), the account pages offer "sign
 * out your other sessions" for 10 minutes: whoever else is signed in may be
 * why the user made the change. The change is read from this session's
 * history, so the actions that make it set nothing (a cookie set by a server
 * action would re-render the page before its result is shown); "Not now"
 * remembers when it was pressed.
 */

const OFFER_SECONDS = 10 * 60

const FACTOR_CHANGES: AuditEventType[] = [
  'passkey_added',
  'passkey_removed',
  'recovery_codes_generated',
  'totp_added',
  'totp_removed',
  'backup_email_added',
  'backup_email_removed',
  'email_changed',
  // Sessions signed in by email before passkey-only mode carry on until ended: the offer is how.
  'passkey_only_on',
]

function dismissedCookie() {
  return {
    name: 'portal.sign-out-offer',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/account', secure: env().secureCookies, maxAge: OFFER_SECONDS },
  }
}

/** Whether this session changed a sign-in factor in the last 10 minutes, after the offer was last dismissed. One indexed query. */
export async function signOutOthersOffered(userId: string, sessionId: string, cookies: Pick<CookieJar, 'get'>, now = new Date()): Promise<boolean> {
  const change = await db().auditEvent.findFirst({
    where: { userId, sessionId, result: 'success', type: { in: FACTOR_CHANGES }, createdAt: { gt: new Date(now.getTime() - OFFER_SECONDS * 1000) } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  if (!change) return false
  const dismissedAt = Number(cookies.get(dismissedCookie().name)?.value)
  return !(dismissedAt >= change.createdAt.getTime())
}

/** "Not now": the offer stays hidden until the next change. */
export function dismissSignOutOthersOffer(ctx: Pick<UseCaseContext, 'cookies'>, now = new Date()): void {
  const cookie = dismissedCookie()
  ctx.cookies.set(cookie.name, String(now.getTime()), cookie.options)
}
