import { z } from 'zod'
import { policySchema } from './schema'

/**
 * The policy editor's form: each input is named by its path ("policy.stepUp.windowMinutes"),
 * so a validation issue lands on its own field.
 * Checkboxes post "on" or nothing; the AAGUID list is one per line.
 */
export const policyFields = {
  'policy.methods': { error: 'policy_methods', many: true },
  'policy.passkey': { error: 'policy_passkey' },
  'policy.stepUp.windowMinutes': { error: 'policy_step_up_window', echo: 8 },
  'policy.stepUp.methods': { error: 'policy_step_up_methods' },
  'policy.session.idleMinutes': { error: 'policy_timeouts', echo: 8 },
  'policy.session.absoluteHours': { error: 'policy_timeouts', echo: 8 },
  'policy.lifetimes.emailCodeMinutes': { error: 'policy_lifetimes', echo: 8 },
  'policy.lifetimes.invitationHours': { error: 'policy_lifetimes', echo: 8 },
  'policy.recovery.selfService': {},
  'policy.recovery.emailAlone': {},
  'policy.recovery.emailAloneWaitHours': { error: 'policy_recovery_wait', echo: 8 },
  'policy.authenticators.synced': {},
  'policy.authenticators.list': { error: 'policy_aaguids' },
  'policy.authenticators.aaguids': { error: 'policy_aaguids', echo: 4000 },
  'policy.authenticators.verified': {},
  'policy.authenticators.minimumCertification': { error: 'policy_attestation' },
  'policy.authenticators.enterprise': { error: 'policy_attestation' },
  'policy.sms.purposes': { error: 'policy_sms', many: true },
} as const

type FlatPolicyForm = Record<string, unknown>

const checked = (value: unknown) => value === 'on'

/** The posted fields as the nested object policySchema reads; anything that is not text stays as it is, so the schema refuses it. */
function nested(form: FlatPolicyForm) {
  const aaguids = form['policy.authenticators.aaguids']
  return {
    methods: form['policy.methods'],
    passkey: form['policy.passkey'],
    stepUp: { windowMinutes: form['policy.stepUp.windowMinutes'], methods: form['policy.stepUp.methods'] },
    session: { idleMinutes: form['policy.session.idleMinutes'], absoluteHours: form['policy.session.absoluteHours'] },
    lifetimes: { emailCodeMinutes: form['policy.lifetimes.emailCodeMinutes'], invitationHours: form['policy.lifetimes.invitationHours'] },
    recovery: {
      selfService: checked(form['policy.recovery.selfService']),
      emailAlone: checked(form['policy.recovery.emailAlone']),
      emailAloneWaitHours: form['policy.recovery.emailAloneWaitHours'],
    },
    authenticators: {
      synced: checked(form['policy.authenticators.synced']),
      list: form['policy.authenticators.list'],
      aaguids:
        typeof aaguids === 'string'
          ? aaguids
              .split(/[\s,]+/)
              .map((line) => line.trim())
              .filter(Boolean)
          : aaguids,
      verified: checked(form['policy.authenticators.verified']),
      minimumCertification: form['policy.authenticators.minimumCertification'],
      enterprise: checked(form['policy.authenticators.enterprise']),
    },
    // An unticked list posts nothing: no purpose.
    sms: { purposes: form['policy.sms.purposes'] ?? [] },
  }
}

/** A number field must be filled in: an empty one is an error on that field, not the default. */
const requiredNumbers = [
  'policy.stepUp.windowMinutes',
  'policy.session.idleMinutes',
  'policy.session.absoluteHours',
  'policy.lifetimes.emailCodeMinutes',
  'policy.lifetimes.invitationHours',
  'policy.recovery.emailAloneWaitHours',
] as const

/**
 * A form that edits a policy, with other fields beside it (`extra`, e.g. the
 * group's id): the output is the extra fields and the validated policy.
 */
export function policyFormSchema<Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((form, ctx) => {
      for (const name of requiredNumbers) {
        const value = form[name]
        if (typeof value !== 'string' || value.trim() === '' || value.length > 8) {
          ctx.addIssue({ code: 'custom', path: name.split('.'), message: policyFields[name].error })
        }
      }
      const methods = form['policy.methods']
      if (!Array.isArray(methods) || methods.length === 0) ctx.addIssue({ code: 'custom', path: ['policy', 'methods'], message: 'policy_methods' })
    })
    .transform((form): unknown => ({ ...Object.fromEntries(Object.keys(extra).map((key) => [key, form[key]])), policy: nested(form) }))
    .pipe(z.object({ ...extra, policy: policySchema }))
}
