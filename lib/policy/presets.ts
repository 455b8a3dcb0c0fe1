import { policySchema, type Policy } from './schema'

/**
 * Rollout presets: the four workforce phases (opt-in for technical staff →
 * opt-in for all → passkey the default for new enrolments and resets →
 * passkey required for high-risk paths) and the three customer tiers
 * (passkey as a login accelerator → as a recovery anchor → required for
 * sensitive actions). A preset changes only the fields it names; the rest of
 * the group's policy stays as it is.
 */

type PolicyPatch = {
  methods?: Policy['methods']
  passkey?: Policy['passkey']
  stepUp?: Partial<Policy['stepUp']>
  session?: Partial<Policy['session']>
  lifetimes?: Partial<Policy['lifetimes']>
  recovery?: Partial<Policy['recovery']>
  authenticators?: Partial<Policy['authenticators']>
}

export type PresetId = 'workforce-1' | 'workforce-2' | 'workforce-3' | 'workforce-4' | 'customers-1' | 'customers-2' | 'customers-3'

/** `name` and `summary` are the English words; pages show the reader's (admin catalogue, presetWords() in ./explain.ts). */
export type Preset = { id: PresetId; audience: 'workforce' | 'customers'; name: string; summary: string; patch: PolicyPatch }

export const PRESETS: readonly Preset[] = [
  {
    id: 'workforce-1',
    audience: 'workforce',
    name: 'Workforce phase 1: opt-in for technical staff',
    summary: 'Every method works; passkeys are there for those who want one, without a prompt.',
    patch: { methods: ['passkey', 'email_code', 'email_link'], passkey: 'optional', stepUp: { methods: 'passkey_or_email' } },
  },
  {
    id: 'workforce-2',
    audience: 'workforce',
    name: 'Workforce phase 2: opt-in for all',
    summary: 'Every method works; everyone who signs in by email is offered a passkey.',
    patch: { methods: ['passkey', 'email_code', 'email_link'], passkey: 'nudge', stepUp: { methods: 'passkey_or_email' } },
  },
  {
    id: 'workforce-3',
    audience: 'workforce',
    name: 'Workforce phase 3: passkey by default for new enrolments and resets',
    summary: 'Sign-in links stop; whoever signs in by code without a passkey adds one before anything else.',
    patch: { methods: ['passkey', 'email_code'], passkey: 'required', stepUp: { methods: 'passkey_or_email' }, recovery: { emailAlone: false } },
  },
  {
    id: 'workforce-4',
    audience: 'workforce',
    name: 'Workforce phase 4: passkey required for high-risk paths',
    summary: 'As phase 3, and confirming it’s you takes a passkey, within 5 minutes.',
    patch: { methods: ['passkey', 'email_code'], passkey: 'required', stepUp: { methods: 'passkey', windowMinutes: 5 }, recovery: { emailAlone: false } },
  },
  {
    id: 'customers-1',
    audience: 'customers',
    name: 'Customer tier 1: passkey as a login accelerator',
    summary: 'Every method works and a passkey is suggested; the emailed code alone can recover an account.',
    patch: { methods: ['passkey', 'email_code', 'email_link'], passkey: 'nudge', stepUp: { methods: 'passkey_or_email' }, recovery: { emailAlone: true } },
  },
  {
    id: 'customers-2',
    audience: 'customers',
    name: 'Customer tier 2: passkey as a recovery anchor',
    summary: 'Every method works; an account with a passkey is recovered only with a second factor.',
    patch: { methods: ['passkey', 'email_code', 'email_link'], passkey: 'nudge', stepUp: { methods: 'passkey_or_email' }, recovery: { emailAlone: false } },
  },
  {
    id: 'customers-3',
    audience: 'customers',
    name: 'Customer tier 3: passkey required for sensitive actions',
    summary: 'Sign in any allowed way; removing a passkey, changing the address or recovery factors takes a passkey.',
    patch: { passkey: 'required_for_sensitive', stepUp: { methods: 'passkey' }, recovery: { emailAlone: false } },
  },
]

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id)
}

/** The policy after applying a preset; validated, so a preset can never produce a policy an admin could not save. */
export function applyPreset(policy: Policy, preset: Preset): Policy {
  const { patch } = preset
  return policySchema.parse({
    ...policy,
    ...(patch.methods ? { methods: patch.methods } : {}),
    ...(patch.passkey ? { passkey: patch.passkey } : {}),
    stepUp: { ...policy.stepUp, ...patch.stepUp },
    session: { ...policy.session, ...patch.session },
    lifetimes: { ...policy.lifetimes, ...patch.lifetimes },
    recovery: { ...policy.recovery, ...patch.recovery },
    authenticators: { ...policy.authenticators, ...patch.authenticators },
  })
}

/** The group of the break-glass administrator (ADR 14): its sign-ins are flagged and announced to every other administrator. */
export const BREAK_GLASS_GROUP = 'break-glass'

/** The groups a new installation starts with (their ids are fixed: the migrations insert them, and Customers is the default). */
export const SEEDED_GROUPS = [
  {
    id: 'administrators',
    name: 'Administrators',
    description: 'People who administer the portal: passkeys only after the first sign-in, short sessions.',
    policy: policySchema.parse({
      methods: ['passkey', 'email_code'],
      passkey: 'required',
      stepUp: { windowMinutes: 5, methods: 'passkey' },
      session: { idleMinutes: 15, absoluteHours: 12 },
      recovery: { selfService: false, emailAlone: false },
    }),
  },
  {
    id: 'employees',
    name: 'Employees',
    description: 'Staff: every method while passkeys roll out, sessions of a working day.',
    policy: policySchema.parse({ passkey: 'nudge', session: { idleMinutes: 60, absoluteHours: 24 } }),
  },
  {
    id: 'contractors',
    name: 'Contractors',
    description: 'External staff: short-lived emailed codes and links, half-day sessions.',
    policy: policySchema.parse({ passkey: 'nudge', session: { idleMinutes: 60, absoluteHours: 12 }, lifetimes: { emailCodeMinutes: 5, invitationHours: 72 } }),
  },
  {
    id: 'break-glass',
    name: 'Break-glass',
    description: 'The emergency administrator: a device-bound passkey only, no email or recovery, and every sign-in emails the other administrators.',
    policy: policySchema.parse({
      methods: ['passkey'],
      passkey: 'required',
      stepUp: { windowMinutes: 5, methods: 'passkey' },
      session: { idleMinutes: 15, absoluteHours: 4 },
      recovery: { selfService: false, emailAlone: false },
      authenticators: { synced: false },
    }),
  },
  {
    id: 'customers',
    name: 'Customers',
    description: 'Everyone else: every method, a passkey suggested, sessions of a week.',
    policy: policySchema.parse({}),
  },
] as const
