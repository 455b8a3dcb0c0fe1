import 'server-only'
import { db } from '../../db'
import { APPROVAL_WINDOW_MINUTES } from './link-approval'
import { type ChallengeStatus, type SignedInUser, challengeIdFor } from './challenge'

export type PendingSignIn = {
  email: string
  status: ChallengeStatus
  createdAt: Date
  expiresAt: Date
  returnTo: string | null
  /** Whether an email went out for it (an address that gets none is answered the same). */
  emailed: boolean
}

/** The sign-in request a browser is waiting on, for the check-email screen and resending. */
export async function findPendingSignIn(browserSecret: string): Promise<PendingSignIn | null> {
  if (browserSecret.length > 128) return null
  return db().emailChallenge.findUnique({
    where: { id: challengeIdFor(browserSecret) },
    select: { email: true, status: true, createdAt: true, expiresAt: true, returnTo: true, emailed: true },
  }) as Promise<PendingSignIn | null>
}

/**
 * The waiting browser's side of "Approve sign-in on the other device": if its
 * challenge was approved, consume it (one statement; exactly one caller wins)
 * and return the user to sign in. Under open sign-up a request for a new
 * address has no account yet: it is created with this browser's session.
 */
export async function claimApprovedSignIn(
  browserSecret: string,
  now = new Date(),
): Promise<{ user: SignedInUser; returnTo: string | null; requestedAt: Date } | null> {
  const [row] = await db().emailChallenge.updateManyAndReturn({
    where: {
      id: challengeIdFor(browserSecret),
      status: 'approved',
      expiresAt: { gt: now },
      approvedAt: { gt: new Date(now.getTime() - APPROVAL_WINDOW_MINUTES * 60_000) },
      // An account that chose passkeys only is not signed in by an emailed link, even one approved before the switch.
      OR: [{ userId: null }, { user: { is: { status: 'active', passkeyOnlySince: null } } }],
    },
    data: { status: 'consumed' },
    select: { userId: true, email: true, returnTo: true, createdAt: true },
  })
  if (!row) return null
  const user: SignedInUser = row.userId ? { id: row.userId, created: false } : { id: null, created: true, email: row.email }
  return { user, returnTo: row.returnTo, requestedAt: row.createdAt }
}
