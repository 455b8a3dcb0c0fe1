import { emailAloneRecovers, enrolmentRequired, stepUpNeedsPasskey } from './decide'
import type { Policy, PolicyMethod } from './schema'

/**
 * Policies in plain words: the one-line summary of the groups list, the
 * field-by-field differences a preset or an edit makes, and "what happens to
 * this person". Every sentence is derived from the same decisions the server
 * enforces (./decide.ts).
 */

const METHOD_WORDS: Record<PolicyMethod, string> = { passkey: 'passkey', email_code: 'emailed code', email_link: 'emailed link' }

const PASSKEY_WORDS: Record<Policy['passkey'], string> = {
  optional: 'passkey optional',
  nudge: 'passkey suggested',
  required: 'passkey required',
  required_for_sensitive: 'passkey required for sensitive actions',
}

function duration(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} day${minutes === 24 * 60 ? '' : 's'}`
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

export function listMethods(methods: readonly PolicyMethod[]): string {
  const words = methods.map((method) => METHOD_WORDS[method])
  return words.length <= 1 ? (words[0] ?? 'nothing') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`
}

/** One line per group in the list: how people sign in, how often they confirm, how long sessions last. */
export function policySummary(policy: Policy): string {
  return [
    `Signs in by ${listMethods(policy.methods)}`,
    PASSKEY_WORDS[policy.passkey],
    `confirms with ${stepUpNeedsPasskey(policy) ? 'a passkey' : 'a passkey or emailed code'} within ${duration(policy.stepUp.windowMinutes)}`,
    `sessions ${duration(policy.session.idleMinutes)} idle, ${duration(policy.session.absoluteHours * 60)} in all`,
  ].join(' · ')
}

/** Each setting as a label and a value in words, in the order the editor shows them. */
export function policySettings(policy: Policy): { key: string; label: string; value: string }[] {
  const { authenticators: a } = policy
  return [
    { key: 'methods', label: 'Sign-in methods', value: listMethods(policy.methods) },
    { key: 'passkey', label: 'Passkeys', value: PASSKEY_WORDS[policy.passkey] },
    { key: 'stepUp.methods', label: 'Confirming it’s you', value: policy.stepUp.methods === 'passkey' ? 'passkey only' : 'passkey or emailed code' },
    { key: 'stepUp.windowMinutes', label: 'Confirmation lasts', value: duration(policy.stepUp.windowMinutes) },
    { key: 'session.idleMinutes', label: 'Session idle timeout', value: duration(policy.session.idleMinutes) },
    { key: 'session.absoluteHours', label: 'Session absolute timeout', value: duration(policy.session.absoluteHours * 60) },
    { key: 'lifetimes.emailCodeMinutes', label: 'Emailed code and link', value: `valid ${duration(policy.lifetimes.emailCodeMinutes)}` },
    { key: 'lifetimes.invitationHours', label: 'Invitation link', value: `valid ${duration(policy.lifetimes.invitationHours * 60)}` },
    { key: 'recovery.selfService', label: 'Self-service recovery', value: policy.recovery.selfService ? 'allowed' : 'helpdesk only' },
    { key: 'recovery.emailAlone', label: 'Email alone recovers an account with a passkey', value: policy.recovery.emailAlone ? 'yes' : 'no' },
    { key: 'authenticators.synced', label: 'Synced passkeys', value: a.synced ? 'allowed' : 'device-bound only' },
    {
      key: 'authenticators.list',
      label: 'Authenticators (AAGUID, as the authenticator claims it)',
      value: a.list === 'any' ? 'any' : `${a.list === 'allow' ? 'only' : 'all but'} ${a.aaguids.join(', ')}`,
    },
  ]
}

/** The settings that differ between two policies, before and after. */
export function policyChanges(before: Policy, after: Policy): { key: string; label: string; before: string; after: string }[] {
  const old = policySettings(before)
  return policySettings(after)
    .map((setting, index) => ({ key: setting.key, label: setting.label, before: old[index]!.value, after: setting.value }))
    .filter((change) => change.before !== change.after)
}

export type PersonPreview = { label: string; value: string; why: string }[]

/** "What happens to this person": which methods work, whether they go to enrolment, their timeouts, and why. */
export function previewPerson(person: {
  groupName: string
  policy: Policy
  passkeys: number
  syncedPasskeys: number
  hasRecoveryCodes: boolean
  hasTotp: boolean
  status: string
}): PersonPreview {
  const { policy, groupName } = person
  const because = `the ${groupName} policy`
  if (person.status !== 'active') return [{ label: 'Signing in', value: 'not possible', why: 'the account is suspended' }]
  const lines: PersonPreview = [{ label: 'Can sign in with', value: listMethods(policy.methods), why: `${because} allows ${listMethods(policy.methods)}` }]
  if (enrolmentRequired(policy, person.passkeys > 0)) {
    lines.push({ label: 'After signing in', value: 'sent to add a passkey first', why: `${because} requires a passkey and this account has none` })
  } else if (policy.passkey === 'nudge' && person.passkeys === 0) {
    lines.push({ label: 'After signing in', value: 'offered a passkey', why: `${because} suggests one and this account has none` })
  } else {
    lines.push({
      label: 'After signing in',
      value: 'straight to the account',
      why: person.passkeys > 0 ? 'the account has a passkey' : `${because} does not ask for one`,
    })
  }
  if (policy.methods.includes('passkey') === false && person.passkeys > 0) {
    lines.push({ label: 'Its passkeys', value: 'do not sign in', why: `${because} does not allow passkey sign-in` })
  }
  if (!policy.authenticators.synced && person.syncedPasskeys > 0) {
    lines.push({
      label: 'Adding synced passkeys',
      value: 'refused',
      why: `${because} allows device-bound passkeys only (the ${person.syncedPasskeys} synced one${person.syncedPasskeys === 1 ? '' : 's'} already there still work)`,
    })
  }
  lines.push(
    {
      label: 'To change sign-in settings',
      value: `confirms with ${stepUpNeedsPasskey(policy) ? 'a passkey' : 'a passkey or emailed code'}, valid ${duration(policy.stepUp.windowMinutes)}`,
      why: policy.passkey === 'required_for_sensitive' ? `${because} requires a passkey for sensitive actions` : `${because}’s step-up rule`,
    },
    {
      label: 'Signed out after',
      value: `${duration(policy.session.idleMinutes)} idle, ${duration(policy.session.absoluteHours * 60)} in all`,
      why: `${because}’s session timeouts`,
    },
    {
      label: 'If they lose their passkey',
      value: !policy.recovery.selfService
        ? 'only the helpdesk can help'
        : person.hasRecoveryCodes || person.hasTotp
          ? 'emailed code, then a recovery code or authenticator app'
          : emailAloneRecovers(policy)
            ? 'the emailed code alone'
            : person.passkeys > 0
              ? 'only the helpdesk can help (no second factor set up)'
              : 'they sign in by email',
      why: !policy.recovery.selfService ? `${because} keeps recovery with the helpdesk` : 'the factors this account has set up',
    },
  )
  return lines
}
