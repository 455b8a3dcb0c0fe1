import { z } from 'zod'

/**
 * A group's sign-in policy: how strong a method its people must use, how
 * often they confirm it's them, how long their sessions last, how they may
 * recover, and which authenticators they may register. Every field has a
 * default (the portal's behaviour before groups existed) and bounds; the
 * messages are error codes (lib/errors.ts), shown next to the field.
 */

export const SIGN_IN_METHODS = ['passkey', 'email_code', 'email_link'] as const
export type PolicyMethod = (typeof SIGN_IN_METHODS)[number]

export const PASSKEY_REQUIREMENTS = ['optional', 'nudge', 'required', 'required_for_sensitive'] as const
export type PasskeyRequirement = (typeof PASSKEY_REQUIREMENTS)[number]

export const STEP_UP_METHODS = ['passkey', 'passkey_or_email'] as const

/**
 * What a group may use text-message codes for (ADR 36): SMS is the weakest
 * channel (SIM swaps, interception: NIST SP 800-63B-4 §3.1.3.3 calls it
 * restricted), so it is off unless a policy lists a purpose.
 */
export const SMS_PURPOSES = ['sign_in'] as const
export type SmsPurpose = (typeof SMS_PURPOSES)[number]

const MINUTE = 60
const HOUR = 60 * MINUTE

/** Bounds an admin can set; outside them the policy is refused. */
export const POLICY_BOUNDS = {
  stepUpWindowMinutes: { min: 1, max: 60 },
  idleMinutes: { min: 5, max: 30 * 24 * 60 },
  absoluteHours: { min: 1, max: 90 * 24 },
  // NIST SP 800-63B-4 keeps out-of-band codes short; this portal never lets one live past 10 minutes.
  emailCodeMinutes: { min: 2, max: 10 },
  invitationHours: { min: 1, max: 7 * 24 },
  // A recovery by the emailed code alone waits at least an hour, at most a week, for the owner to stop it.
  emailAloneWaitHours: { min: 1, max: 7 * 24 },
} as const

/** FIDO certification levels, lowest first (FIDO Authenticator Certification, MDS3 AuthenticatorStatus). */
export const CERTIFICATION_LEVELS = ['L1', 'L1plus', 'L2', 'L2plus', 'L3', 'L3plus'] as const
export type CertificationLevel = (typeof CERTIFICATION_LEVELS)[number]

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function bounded(name: keyof typeof POLICY_BOUNDS, error: 'policy_step_up_window' | 'policy_timeouts' | 'policy_lifetimes' | 'policy_recovery_wait') {
  const { min, max } = POLICY_BOUNDS[name]
  return z.coerce.number({ error }).int(error).min(min, error).max(max, error)
}

export const policySchema = z
  .object({
    /** Which methods sign people in. At least one. */
    methods: z
      .array(z.enum(SIGN_IN_METHODS, { error: 'policy_methods' }), { error: 'policy_methods' })
      .min(1, 'policy_methods')
      .default(['passkey', 'email_code', 'email_link'])
      .transform((methods) => [...new Set(methods)]),
    /** optional: never suggested; nudge: suggested after an email sign-in; required: no access until one is added; required_for_sensitive: step-up must be a passkey. */
    passkey: z.enum(PASSKEY_REQUIREMENTS, { error: 'policy_passkey' }).default('nudge'),
    stepUp: z
      .object({
        windowMinutes: bounded('stepUpWindowMinutes', 'policy_step_up_window').default(10),
        methods: z.enum(STEP_UP_METHODS, { error: 'policy_step_up_methods' }).default('passkey_or_email'),
      })
      .default({ windowMinutes: 10, methods: 'passkey_or_email' }),
    session: z
      .object({
        idleMinutes: bounded('idleMinutes', 'policy_timeouts').default(7 * 24 * 60),
        absoluteHours: bounded('absoluteHours', 'policy_timeouts').default(30 * 24),
      })
      .default({ idleMinutes: 7 * 24 * 60, absoluteHours: 30 * 24 }),
    lifetimes: z
      .object({
        emailCodeMinutes: bounded('emailCodeMinutes', 'policy_lifetimes').default(10),
        invitationHours: bounded('invitationHours', 'policy_lifetimes').default(72),
      })
      .default({ emailCodeMinutes: 10, invitationHours: 72 }),
    recovery: z
      .object({
        /** Self-service recovery at all; off means only the helpdesk can help. */
        selfService: z.boolean({ error: 'bad_request' }).default(true),
        /** Whether the emailed code alone recovers an account that has a passkey. Only for low-risk customers. */
        emailAlone: z.boolean({ error: 'bad_request' }).default(false),
        /** How long a recovery by the emailed code alone waits before it takes effect, for the owner to stop it from a signed-in session or a known browser. */
        emailAloneWaitHours: bounded('emailAloneWaitHours', 'policy_recovery_wait').default(24),
      })
      .default({ selfService: true, emailAlone: false, emailAloneWaitHours: 24 }),
    authenticators: z
      .object({
        /** Synced passkeys (backup-eligible) allowed, or device-bound only. */
        synced: z.boolean({ error: 'bad_request' }).default(true),
        /** Which AAGUIDs: any, only those listed, or all but those listed. An AAGUID is the authenticator's own claim without attestation. */
        list: z.enum(['any', 'allow', 'block'], { error: 'policy_aaguids' }).default('any'),
        aaguids: z.array(z.string().trim().toLowerCase().regex(AAGUID, 'policy_aaguids'), { error: 'policy_aaguids' }).max(100, 'policy_aaguids').default([]),
        /**
         * Verified authenticators only: registration asks for attestation and accepts a model only when its
         * certificate chain leads to the model's entry in the FIDO metadata, so the AAGUID and the list above
         * are facts, not claims. Off keeps the privacy-preserving "none".
         */
        verified: z.boolean({ error: 'bad_request' }).default(false),
        /** The lowest FIDO certification level a verified model must hold. */
        minimumCertification: z.enum(CERTIFICATION_LEVELS, { error: 'policy_attestation' }).default('L1'),
        /** Ask for enterprise attestation (which identifies the device): only for the models listed, configured by the organisation for this site. */
        enterprise: z.boolean({ error: 'bad_request' }).default(false),
      })
      .default({ synced: true, list: 'any', aaguids: [], verified: false, minimumCertification: 'L1', enterprise: false })
      .refine((value) => value.list === 'any' || value.aaguids.length > 0, { message: 'policy_aaguids', path: ['aaguids'] })
      .refine((value) => !value.enterprise || (value.verified && value.list === 'allow'), { message: 'policy_attestation', path: ['enterprise'] }),
    sms: z
      .object({
        /** The purposes a verified phone number may be used for; none by default. */
        purposes: z
          .array(z.enum(SMS_PURPOSES, { error: 'policy_sms' }), { error: 'policy_sms' })
          .default([])
          .transform((purposes) => [...new Set(purposes)]),
      })
      .default({ purposes: [] }),
  })
  .refine((policy) => policy.passkey !== 'required' || policy.methods.includes('passkey'), { message: 'policy_passkey', path: ['passkey'] })
  .refine((policy) => policy.session.idleMinutes <= policy.session.absoluteHours * 60, { message: 'policy_timeouts', path: ['session', 'idleMinutes'] })

export type Policy = z.output<typeof policySchema>

/** The portal's behaviour before groups: every method, the passkey suggested, 10-minute step-up by either method. */
export const DEFAULT_POLICY: Policy = policySchema.parse({})

// Policies as read on every session check, by their stored text: a handful of groups, so parsed once each.
const parsedPolicies = new Map<string, Policy>()

/**
 * Reads a stored policy (every write is validated). A row that does not parse
 * is a bug, not input: it is logged and the defaults apply.
 */
export function readPolicy(stored: string | null | undefined): Policy {
  if (!stored) return DEFAULT_POLICY
  const known = parsedPolicies.get(stored)
  if (known) return known
  let parsed: Policy = DEFAULT_POLICY
  try {
    const result = policySchema.safeParse(JSON.parse(stored))
    if (result.success) parsed = result.data
    else console.error('A stored group policy does not validate; the defaults apply until it is saved again.')
  } catch {
    console.error('A stored group policy is not JSON; the defaults apply until it is saved again.')
  }
  if (parsedPolicies.size > 256) parsedPolicies.clear()
  parsedPolicies.set(stored, parsed)
  return parsed
}

export const policyDurations = (policy: Policy) => ({
  stepUpWindowSeconds: policy.stepUp.windowMinutes * MINUTE,
  idleSeconds: policy.session.idleMinutes * MINUTE,
  absoluteSeconds: policy.session.absoluteHours * HOUR,
  emailCodeSeconds: policy.lifetimes.emailCodeMinutes * MINUTE,
  invitationSeconds: policy.lifetimes.invitationHours * HOUR,
})
