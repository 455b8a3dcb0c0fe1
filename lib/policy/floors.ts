import type { Translator } from '../i18n/translator'
import { stepUpNeedsPasskey } from './decide'
import { inEnglish, policyChanges } from './explain'
import { BREAK_GLASS_GROUP, SEEDED_GROUPS, applyPreset, type Preset } from './presets'
import { CERTIFICATION_LEVELS, policySchema, type Policy } from './schema'

/**
 * The floors of the protected groups (ADR 13). The administrators can change
 * every group's rules and the break-glass account is the way in when all else
 * fails, so neither group's policy may go below what it was seeded with: a
 * preset, or an administrator's edit, may make it stricter, never weaker.
 * The floor is the seeded policy itself, so this file and the migration that
 * seeds the groups cannot disagree.
 */

/** `why` names the reason in the admin catalogue (admin.policy.floorWhy). */
export type Floor = { groupId: string; groupName: string; policy: Policy; why: 'administrators' | 'breakGlass' }

const seededPolicy = (id: string) => SEEDED_GROUPS.find((group) => group.id === id)!.policy as Policy

const FLOORS: readonly Floor[] = [
  { groupId: 'administrators', groupName: 'Administrators', policy: seededPolicy('administrators'), why: 'administrators' },
  { groupId: BREAK_GLASS_GROUP, groupName: 'Break-glass', policy: seededPolicy(BREAK_GLASS_GROUP), why: 'breakGlass' },
]

/** The floor of a protected group, or null for every other group. */
export function floorOf(groupId: string): Floor | null {
  return FLOORS.find((floor) => floor.groupId === groupId) ?? null
}

// How strongly each passkey setting asks for a passkey. "Required for sensitive actions" adds a passkey step-up,
// which the step-up rule below holds on its own, so "required" (no access without one) is the stronger of the two.
const PASSKEY_STRENGTH: Record<Policy['passkey'], number> = { optional: 0, nudge: 1, required_for_sensitive: 2, required: 3 }

const certificationRank = (policy: Policy) => CERTIFICATION_LEVELS.indexOf(policy.authenticators.minimumCertification)

const sameList = (a: Policy['authenticators'], b: Policy['authenticators']) => a.list === b.list && a.aaguids.join() === b.aaguids.join()

/**
 * The settings (as policySettings names them) in which `policy` is weaker
 * than `floor`: a sign-in method the floor does not allow or the passkey it
 * needs left out, a weaker passkey setting, step-up no longer by passkey, a
 * longer window, timeout or lifetime, recovery or synced passkeys allowed
 * where the floor forbids them, another authenticator list where the
 * floor has one, or a text-message purpose the floor does not have. None for a policy that is at least as strict everywhere.
 */
export function weakerThanFloor(floor: Policy, policy: Policy): string[] {
  const weaker: string[] = []
  const needsPasskeyMethod = floor.methods.includes('passkey') && floor.passkey === 'required'
  if (policy.methods.some((method) => !floor.methods.includes(method)) || (needsPasskeyMethod && !policy.methods.includes('passkey'))) weaker.push('methods')
  if (PASSKEY_STRENGTH[policy.passkey] < PASSKEY_STRENGTH[floor.passkey]) weaker.push('passkey')
  if (stepUpNeedsPasskey(floor) && !stepUpNeedsPasskey(policy)) weaker.push('stepUp.methods')
  if (policy.stepUp.windowMinutes > floor.stepUp.windowMinutes) weaker.push('stepUp.windowMinutes')
  if (policy.session.idleMinutes > floor.session.idleMinutes) weaker.push('session.idleMinutes')
  if (policy.session.absoluteHours > floor.session.absoluteHours) weaker.push('session.absoluteHours')
  if (policy.lifetimes.emailCodeMinutes > floor.lifetimes.emailCodeMinutes) weaker.push('lifetimes.emailCodeMinutes')
  if (policy.lifetimes.invitationHours > floor.lifetimes.invitationHours) weaker.push('lifetimes.invitationHours')
  if (policy.recovery.selfService && !floor.recovery.selfService) weaker.push('recovery.selfService')
  if (policy.recovery.emailAlone && !floor.recovery.emailAlone) weaker.push('recovery.emailAlone')
  if (policy.authenticators.synced && !floor.authenticators.synced) weaker.push('authenticators.synced')
  // Any list is at least as strict as "any authenticator"; a floor with its own list keeps exactly that list.
  if (floor.authenticators.list !== 'any' && !sameList(policy.authenticators, floor.authenticators)) weaker.push('authenticators.list')
  if (floor.authenticators.verified && (!policy.authenticators.verified || certificationRank(policy) < certificationRank(floor))) {
    weaker.push('authenticators.verified')
  }
  if (policy.sms.purposes.some((purpose) => !floor.sms.purposes.includes(purpose))) weaker.push('sms.purposes')
  return weaker
}

/**
 * `policy` with every setting weaker than the floor raised to it, and every
 * other setting left as it is: the least change that meets the floor.
 */
export function holdFloor(floor: Policy, policy: Policy): Policy {
  const needsPasskeyMethod = floor.methods.includes('passkey') && floor.passkey === 'required'
  // In the policy's own order, so an untouched list is not reported as kept.
  const allowed = policy.methods.filter((method) => floor.methods.includes(method))
  if (needsPasskeyMethod && !allowed.includes('passkey')) allowed.unshift('passkey')
  const passkey = PASSKEY_STRENGTH[policy.passkey] < PASSKEY_STRENGTH[floor.passkey] ? floor.passkey : policy.passkey
  // Asked of the raised passkey setting: "required for sensitive actions" raised to "required" no longer implies a passkey step-up.
  const stepUpByPasskey = stepUpNeedsPasskey({ ...policy, passkey })
  const list = floor.authenticators.list === 'any' ? policy.authenticators : floor.authenticators
  const verified = policy.authenticators.verified || floor.authenticators.verified
  const minimumCertification =
    floor.authenticators.verified && certificationRank(policy) < certificationRank(floor)
      ? floor.authenticators.minimumCertification
      : policy.authenticators.minimumCertification
  return policySchema.parse({
    methods: allowed.length > 0 ? allowed : floor.methods,
    passkey,
    stepUp: {
      windowMinutes: Math.min(policy.stepUp.windowMinutes, floor.stepUp.windowMinutes),
      methods: stepUpNeedsPasskey(floor) && !stepUpByPasskey ? 'passkey' : policy.stepUp.methods,
    },
    // Both minimums keep idle ≤ absolute: each side of it holds for the policy and for the floor.
    session: {
      idleMinutes: Math.min(policy.session.idleMinutes, floor.session.idleMinutes),
      absoluteHours: Math.min(policy.session.absoluteHours, floor.session.absoluteHours),
    },
    lifetimes: {
      emailCodeMinutes: Math.min(policy.lifetimes.emailCodeMinutes, floor.lifetimes.emailCodeMinutes),
      invitationHours: Math.min(policy.lifetimes.invitationHours, floor.lifetimes.invitationHours),
    },
    recovery: {
      selfService: policy.recovery.selfService && floor.recovery.selfService,
      emailAlone: policy.recovery.emailAlone && floor.recovery.emailAlone,
    },
    authenticators: {
      synced: policy.authenticators.synced && floor.authenticators.synced,
      list: list.list,
      aaguids: list.aaguids,
      verified,
      minimumCertification,
      // Enterprise attestation stays only where it is still valid: verified models from an allow-list.
      enterprise: (policy.authenticators.enterprise || floor.authenticators.enterprise) && verified && list.list === 'allow',
    },
    sms: { purposes: policy.sms.purposes.filter((purpose) => floor.sms.purposes.includes(purpose)) },
  })
}

/** A setting the floor kept: what it stays at, what it would have become, and why, in words. */
export type KeptSetting = { key: string; label: string; kept: string; instead: string; why: string }

/**
 * A preset applied to a group: for a protected group, every setting the
 * preset (or an earlier change) would leave weaker than the floor is kept at
 * the floor, and each is listed with the reason, in `words` (the reader's;
 * English without). The preview and the action both ask this, so what the
 * preview says is what gets saved.
 */
export function presetForGroup(groupId: string, policy: Policy, preset: Preset, words: Translator = inEnglish()): { policy: Policy; kept: KeptSetting[] } {
  const proposed = applyPreset(policy, preset)
  const floor = floorOf(groupId)
  if (!floor) return { policy: proposed, kept: [] }
  const held = holdFloor(floor.policy, proposed)
  const why = words.t(`admin.policy.floorWhy.${floor.why}`)
  const kept = policyChanges(proposed, held, words).map((change) => ({
    key: change.key,
    label: change.label,
    kept: change.after,
    instead: change.before,
    why,
  }))
  return { policy: held, kept }
}
