import 'server-only'
import type { Audit } from '../../audit/record'
import { db } from '../../db'
import { endAppSessions, sendAppLogouts } from '../../oidc/app-sessions'

/**
 * "Sign out everywhere else" (the sessions page, and the end of a recovery):
 * every other portal session of the account ends, and so do the app sessions
 * and grants of other browsers, in one transaction with the history row; the
 * apps get their logout tokens once it has committed. `appSession` is this
 * browser's provider session, which stays. Returns how many portal sessions
 * ended.
 */
export async function signOutElsewhere(input: { userId: string; keepSessionId: string; appSession: string | undefined; audit: Audit }): Promise<number> {
  const { userId, keepSessionId, audit } = input
  const { count, logouts } = await db().$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } })
    const logouts = await endAppSessions(userId, { keepSession: input.appSession ?? '' }, tx)
    await audit({ type: 'session_revoked', result: 'success', userId, detail: { count, scope: 'others' } }, tx)
    return { count, logouts }
  })
  sendAppLogouts(logouts)
  return count
}
