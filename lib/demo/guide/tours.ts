import type { DemoRole } from '../accounts'

/**
 * The demo guide's tours (demo mode only, docs/decisions/0029-demo-guide.md):
 * each is a few steps, and each step is done when the portal has recorded
 * the event that doing it writes. The guide keeps no progress of its own:
 * it reads the history after the tour started, so what it says happened is
 * what the records say. Words are in the `demo.guide` catalogue.
 */
export const TOUR_IDS = ['first-passkey', 'lost-phone', 'helpdesk', 'rollout', 'app-passkey'] as const
export type TourId = (typeof TOUR_IDS)[number]

export type StepId =
  | 'demoSignIn'
  | 'agentSignIn'
  | 'addPasskey'
  | 'passkeySignIn'
  | 'recoveryCodes'
  | 'recoveryEmail'
  | 'recoveryCode'
  | 'recoveredWithPasskey'
  | 'issueAccessCode'
  | 'redeemAccessCode'
  | 'sendReminders'
  | 'appSignIn'
  | 'approvePayment'

/** Whose records a step reads: the tour's account, or the helpdesk agent who acts for them. */
export type Tour = { account: DemoRole; agent?: DemoRole; steps: readonly StepId[] }

export const TOURS: Record<TourId, Tour> = {
  'first-passkey': { account: 'employee', steps: ['demoSignIn', 'addPasskey', 'passkeySignIn'] },
  'lost-phone': { account: 'employee', steps: ['demoSignIn', 'recoveryCodes', 'recoveryEmail', 'recoveryCode', 'recoveredWithPasskey'] },
  helpdesk: { account: 'employee', agent: 'helpdesk', steps: ['agentSignIn', 'issueAccessCode', 'redeemAccessCode', 'recoveredWithPasskey'] },
  rollout: { account: 'administrator', steps: ['demoSignIn', 'addPasskey', 'passkeySignIn', 'sendReminders'] },
  'app-passkey': { account: 'contractor', steps: ['appSignIn', 'approvePayment'] },
}

/** The group whose people the rollout tour reminds (a seeded group with people still without a passkey). */
export const REMINDED_GROUP = 'contractors'

export function isTourId(value: unknown): value is TourId {
  return (TOUR_IDS as readonly unknown[]).includes(value)
}
