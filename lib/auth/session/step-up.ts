import 'server-only'
import { cookies } from 'next/headers'
import { db } from '../../db'
import { hashSessionSecret, newSessionSecret, sessionDeadline } from './store'
import { sessionCookie } from '../../web/cookies'

/** Changing how someone signs in needs proof of presence this recent (sign-in or a fresh confirmation). */
export const STEP_UP_WINDOW_SECONDS = 10 * 60

export function isRecentlyVerified(session: { verifiedAt: Date; method: string }, now = new Date()): boolean {
  // A recovery session was proven with two factors and lasts 15 minutes: it counts as verified for all of them.
  if (session.method === 'recovery') return true
  return now.getTime() - session.verifiedAt.getTime() < STEP_UP_WINDOW_SECONDS * 1000
}

/**
 * Whether this session may end the account's other sessions (sign out one or
 * all others, "This wasn't me"): with a recent confirmation, or when it is the
 * account's newest sign-in. A session stolen earlier can then never evict the
 * owner who signed in after it, and the owner's newer session needs no extra
 * step to throw the thief out. The one rule for all three actions.
 */
export async function mayEndOtherSessions(
  session: { sessionId: string; signedInAt: Date; verifiedAt: Date; method: string; user: { id: string } },
  now = new Date(),
): Promise<boolean> {
  if (isRecentlyVerified(session, now)) return true
  // Through the Session (userId) index: a handful of rows per account.
  const newer = await db().session.count({
    where: { userId: session.user.id, id: { not: session.sessionId }, createdAt: { gt: session.signedInAt }, expiresAt: { gt: now } },
  })
  return newer === 0
}

/**
 * Records a successful step-up and gives the session a new id (OWASP ASVS
 * 5.0 7.2.4: a new token on re-authentication), so a token copied before the
 * confirmation stops working. The caller sets the returned secret as the
 * session cookie. The session's history rows follow it to the new id.
 */
export async function markSessionVerified(
  userId: string,
  sessionId: string,
  now = new Date(),
): Promise<{ secret: string; sessionId: string; cookieExpires: Date } | null> {
  const secret = newSessionSecret()
  const id = hashSessionSecret(secret)
  const rotated = await db().$transaction(async (tx) => {
    const [row] = await tx.session.updateManyAndReturn({
      where: { id: sessionId, userId },
      data: { id, verifiedAt: now },
      select: { lastSeenAt: true, expiresAt: true },
    })
    if (!row) return null
    await tx.auditEvent.updateMany({ where: { userId, sessionId }, data: { sessionId: id } })
    return row
  })
  return rotated ? { secret, sessionId: id, cookieExpires: sessionDeadline(rotated) } : null
}

/** A step-up succeeded in this browser: marks its session verified under a new id and sets the new cookie; returns the new session id. */
export async function confirmPresence(session: { sessionId: string; user: { id: string } }): Promise<string | null> {
  const rotated = await markSessionVerified(session.user.id, session.sessionId)
  if (!rotated) return null
  ;(await cookies()).set(sessionCookie().name, rotated.secret, { ...sessionCookie().options, expires: rotated.cookieExpires })
  return rotated.sessionId
}
