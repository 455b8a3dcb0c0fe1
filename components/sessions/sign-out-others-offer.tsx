import { countOtherSessions } from '@/lib/auth/session'
import { signOutOthersOffered } from '@/lib/auth/factor-change'
import { SignOutOthersOfferForm } from './session-forms'

/**
 * Shown on the passkeys and recovery pages for 10 minutes after a change to
 * how the account signs in, when other sessions exist.
 */
export async function SignOutOthersOffer({ userId, sessionId }: { userId: string; sessionId: string }) {
  if (!(await signOutOthersOffered())) return null
  const others = await countOtherSessions(userId, sessionId)
  if (others === 0) return null
  return <SignOutOthersOfferForm others={others} />
}
