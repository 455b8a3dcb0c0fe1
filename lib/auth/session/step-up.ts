import 'server-only'
import { db } from '../../db'
import type { UseCaseContext } from '../../use-case'
import { hashSessionSecret, newSessionSecret, sessionDeadline } from './store'
import { sessionCookie } from './cookie'

/**
 * Records a successful step-up and gives the session a new id (OWASP ASVS
 * 5.0 7.2.4: a new token on re-authentication), so a token copied before the
 * confirmation stops working. The caller sets the returned secret as the
 * session cookie. The session's history rows follow it to the new id.
 * `verifiedFor` names the app request the proof was made for (every other
 * proof clears it): an approval counts only a proof made on the page that
 * showed it (lib/oidc/approval-request.ts).
 */
export async function markSessionVerified(
  userId: string,
  sessionId: string,
  now = new Date(),
  method: 'passkey' | 'email_code' = 'passkey',
  passkeyDeviceBound?: boolean,
  verifiedFor: string | null = null,
): Promise<{ secret: string; sessionId: string; cookieExpires: Date } | null> {
  const secret = newSessionSecret()
  const id = hashSessionSecret(secret)
  const rotated = await db().$transaction(async (tx) => {
    const [row] = await tx.session.updateManyAndReturn({
      where: { id: sessionId, userId },
      data: {
        id,
        verifiedAt: now,
        verifiedMethod: method,
        verifiedFor,
        ...(method === 'passkey' ? { passkeyDeviceBound: passkeyDeviceBound ?? null } : {}),
      },
      select: { lastSeenAt: true, expiresAt: true },
    })
    if (!row) return null
    await tx.auditEvent.updateMany({ where: { userId, sessionId }, data: { sessionId: id } })
    return row
  })
  return rotated ? { secret, sessionId: id, cookieExpires: sessionDeadline(rotated) } : null
}

/** How a step-up was made, and the app request it was made for (an interaction id), if any. */
export type Proof = { method: 'passkey' | 'email_code'; deviceBound?: boolean; verifiedFor?: string | null }

/**
 * A step-up succeeded in this browser: marks its session verified, by that
 * method, under a new id and sets the new cookie; returns the new session id
 * (null when the session is gone).
 */
export async function confirmPresence(
  session: { sessionId: string; user: { id: string } },
  proof: Proof,
  ctx: Pick<UseCaseContext, 'cookies'>,
): Promise<string | null> {
  const rotated = await markSessionVerified(session.user.id, session.sessionId, new Date(), proof.method, proof.deviceBound, proof.verifiedFor ?? null)
  if (!rotated) return null
  ctx.cookies.set(sessionCookie().name, rotated.secret, { ...sessionCookie().options, expires: rotated.cookieExpires })
  return rotated.sessionId
}
