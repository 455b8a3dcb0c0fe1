import 'server-only'
import { db } from '../db'

/** Changing how someone signs in needs proof of presence this recent (sign-in or a fresh confirmation). */
export const STEP_UP_WINDOW_SECONDS = 10 * 60

export function isRecentlyVerified(session: { verifiedAt: Date; method: string }, now = new Date()): boolean {
  // A recovery session was proven with two factors and lasts 15 minutes: it counts as verified for all of them.
  if (session.method === 'recovery') return true
  return now.getTime() - session.verifiedAt.getTime() < STEP_UP_WINDOW_SECONDS * 1000
}

/** Records a successful step-up on the user's own session. */
export async function markSessionVerified(userId: string, sessionId: string, now = new Date()): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, userId }, data: { verifiedAt: now } })
}
