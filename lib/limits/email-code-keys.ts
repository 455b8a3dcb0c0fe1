import 'server-only'
import { emailKey, storedKey, type CounterRow } from './store'
import type { ChallengePurpose } from '../auth/email-code/purpose'

/**
 * The keys of the emailed-code limits (lib/limits/email-code.ts): per
 * purpose group, browser standing and hashed address. Apart from the limits
 * themselves, which read the request's cookies, so that the sign-in
 * recipient's statement can read the lock with the account.
 */

export type PurposeGroup = 'sign_in' | 'recovery' | 'confirm'
export type BrowserStanding = 'known' | 'new'

export function purposeGroup(purpose: ChallengePurpose): PurposeGroup {
  return purpose === 'sign_in' ? 'sign_in' : purpose === 'recovery' ? 'recovery' : 'confirm'
}

export const limitKey = (group: PurposeGroup, standing: BrowserStanding, email: string) => `${group}:${standing}:${emailKey(email)}`

/** The stored keys of an address's sign-in wrong-code lock, per standing. */
export function signInLockKeys(email: string): Record<BrowserStanding, string> {
  return {
    known: storedKey('codeFailuresPerAccount', limitKey('sign_in', 'known', email)),
    new: storedKey('codeFailuresPerAccount', limitKey('sign_in', 'new', email)),
  }
}

/** The sign-in wrong-code lock's counters of an address, per standing (null: none). */
export type SignInLocks = Record<BrowserStanding, CounterRow | null>
