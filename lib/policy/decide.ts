import { BREAK_GLASS_GROUP } from './presets'
import type { Policy, PolicyMethod, SmsPurpose } from './schema'

/**
 * The decisions a policy makes, as pure functions of the policy and the
 * facts of one request. The DAL, the sign-in steps and the admin preview
 * all ask these, so what the preview says is what the server does.
 */

/** The sign-in method as the session table records it. */
export type SessionMethod = 'email_code' | 'magic_link' | 'sms_code' | 'passkey' | 'recovery' | 'recovered' | 'invitation' | 'demo' | 'fixture'

const POLICY_METHOD: Record<'email_code' | 'magic_link' | 'passkey', PolicyMethod> = {
  email_code: 'email_code',
  magic_link: 'email_link',
  passkey: 'passkey',
}

export function methodAllowed(policy: Policy, method: 'email_code' | 'magic_link' | 'passkey'): boolean {
  return policy.methods.includes(POLICY_METHOD[method])
}

/**
 * A person's own stricter choice on top of their group's policy. Passkey-only
 * leaves passkeys as the only sign-in (never adding one the group does not
 * allow: then nothing signs in, rather than email), step-up by passkey, and
 * no recovery by the emailed code alone. Every reader of a person's policy
 * (the session check, the sign-in recipient, the code and link checks,
 * recovery) applies it, so the choice holds at each entry point.
 */
export function personalPolicy(policy: Policy, passkeyOnly: boolean): Policy {
  if (!passkeyOnly) return policy
  return {
    ...policy,
    methods: policy.methods.filter((method) => method === 'passkey'),
    stepUp: { ...policy.stepUp, methods: 'passkey' },
    recovery: { ...policy.recovery, emailAlone: false },
  }
}

/** Whether an email for this group carries anything that signs in, and what. */
export function emailSignInParts(policy: Policy): { code: boolean; link: boolean } {
  return { code: policy.methods.includes('email_code'), link: policy.methods.includes('email_link') }
}

/** A person who must add a passkey before anything else: their group requires one and they have none. */
export function enrolmentRequired(policy: Policy, hasPasskey: boolean): boolean {
  return policy.passkey === 'required' && !hasPasskey
}

/** Whether someone of this group may add a passkey when an app asks for a phishing-resistant sign-in: only where passkeys sign in at all. */
export function passkeyEnrolmentAllowed(policy: Policy): boolean {
  return policy.methods.includes('passkey')
}

/** Whether the passkey suggestion is shown to someone without a passkey. */
export function passkeySuggested(policy: Policy): boolean {
  return policy.passkey !== 'optional'
}

/** Step-up must be a passkey when the group says so, or when passkeys are required for sensitive actions. */
export function stepUpNeedsPasskey(policy: Policy): boolean {
  return policy.stepUp.methods === 'passkey' || policy.passkey === 'required_for_sensitive'
}

/** Whether the way a session was last proven satisfies the group's step-up rule. Test fixtures stand for any method; a texted code for none (ADR 36). */
export function proofSatisfiesStepUp(policy: Policy, provenBy: SessionMethod): boolean {
  if (provenBy === 'fixture' || provenBy === 'passkey') return true
  if (provenBy === 'sms_code') return false
  return !stepUpNeedsPasskey(policy)
}

/** Whether the self-service path may finish with the emailed code alone for an account with a passkey. */
export function emailAloneRecovers(policy: Policy): boolean {
  return policy.recovery.selfService && policy.recovery.emailAlone
}

/** Whether an authenticator may be registered: synced passkeys (backup-eligible) and the AAGUID list. */
export function authenticatorAllowed(
  policy: Policy,
  authenticator: { aaguid: string; backupEligible: boolean },
): { ok: true } | { ok: false; reason: 'passkey_synced_not_allowed' | 'passkey_authenticator_not_allowed' } {
  if (authenticator.backupEligible && !policy.authenticators.synced) return { ok: false, reason: 'passkey_synced_not_allowed' }
  const listed = policy.authenticators.aaguids.includes(authenticator.aaguid.toLowerCase())
  if (policy.authenticators.list === 'allow' && !listed) return { ok: false, reason: 'passkey_authenticator_not_allowed' }
  if (policy.authenticators.list === 'block' && listed) return { ok: false, reason: 'passkey_authenticator_not_allowed' }
  return { ok: true }
}

/** The moment a session ends under its group's policy: idle from its last activity, absolute from its start, and never past the row's own end. */
export function sessionEndsAt(policy: Policy, session: { createdAt: Date; lastSeenAt: Date; expiresAt: Date; method: SessionMethod }): Date {
  if (session.method === 'recovery') return session.expiresAt
  const idle = session.lastSeenAt.getTime() + policy.session.idleMinutes * 60_000
  const absolute = session.createdAt.getTime() + policy.session.absoluteHours * 3_600_000
  return new Date(Math.min(idle, absolute, session.expiresAt.getTime()))
}

/**
 * Whether a person's verified phone number may be used for `purpose`: only
 * where their group's policy lists it, and never for staff (administrators
 * and helpdesk agents hold other people's accounts) or the break-glass group,
 * whatever a policy says (ADR 36). A person who chose passkeys only gets no
 * codes by any channel.
 */
export function smsAllowed(policy: Policy, purpose: SmsPurpose, person: { role: string; groupId: string; passkeyOnly: boolean }): boolean {
  if (person.role !== 'user' || person.groupId === BREAK_GLASS_GROUP || person.groupId === 'administrators' || person.passkeyOnly) return false
  return policy.sms.purposes.includes(purpose)
}
