import { translatorFor, type Translator } from '../i18n/translator'
import { emailAloneRecovers, enrolmentRequired, stepUpNeedsPasskey } from './decide'
import type { Preset } from './presets'
import type { Policy, PolicyMethod } from './schema'

/**
 * Policies in plain words: the one-line summary of the groups list, the
 * field-by-field differences a preset or an edit makes, and "what happens to
 * this person". Every sentence is derived from the same decisions the server
 * enforces (./decide.ts), in the reader's language (`words`: pages pass the
 * request's translator); without one, in English, as the history records
 * the changes.
 */

let english: Translator | null = null
/** The words the history's details are written in, whoever reads them later. */
export const inEnglish = (): Translator => (english ??= translatorFor('en', 'UTC'))

function duration(minutes: number, { t }: Translator): string {
  if (minutes % (24 * 60) === 0) return t('admin.policy.duration.days', { count: minutes / (24 * 60) })
  if (minutes % 60 === 0) return t('admin.policy.duration.hours', { count: minutes / 60 })
  return t('admin.policy.duration.minutes', { count: minutes })
}

/** "passkey, emailed code or emailed link". */
export function listMethods(methods: readonly PolicyMethod[], words: Translator = inEnglish()): string {
  const { t } = words
  const [a, b, c] = methods.map((method) => t(`admin.policy.methods.${method}`))
  if (!a) return t('admin.policy.list.none')
  if (!b) return a
  if (!c) return t('admin.policy.list.two', { a, b })
  return t('admin.policy.list.three', { a, b, c })
}

const stepUp = (policy: Policy) => (stepUpNeedsPasskey(policy) ? 'passkey' : 'either')

/** One line per group in the list: how people sign in, how often they confirm, how long sessions last. */
export function policySummary(policy: Policy, words: Translator = inEnglish()): string {
  return words.t('admin.policy.summary', {
    methods: listMethods(policy.methods, words),
    passkey: words.t(`admin.policy.passkey.${policy.passkey}`),
    stepUp: stepUp(policy),
    window: duration(policy.stepUp.windowMinutes, words),
    idle: duration(policy.session.idleMinutes, words),
    absolute: duration(policy.session.absoluteHours * 60, words),
  })
}

/** Each setting as a label and a value in words, in the order the editor shows them. */
export function policySettings(policy: Policy, words: Translator = inEnglish()): { key: string; label: string; value: string }[] {
  const { t } = words
  const { authenticators: a } = policy
  const label = (key: Parameters<typeof settingLabel>[0]) => settingLabel(key, words)
  const valid = (minutes: number) => t('admin.policy.values.valid', { duration: duration(minutes, words) })
  return [
    { key: 'methods', label: label('methods'), value: listMethods(policy.methods, words) },
    { key: 'passkey', label: label('passkey'), value: t(`admin.policy.passkey.${policy.passkey}`) },
    {
      key: 'stepUp.methods',
      label: label('stepUpMethods'),
      value: policy.stepUp.methods === 'passkey' ? t('admin.policy.values.passkeyOnly') : t('admin.policy.values.passkeyOrEmail'),
    },
    { key: 'stepUp.windowMinutes', label: label('stepUpWindow'), value: duration(policy.stepUp.windowMinutes, words) },
    { key: 'session.idleMinutes', label: label('idle'), value: duration(policy.session.idleMinutes, words) },
    { key: 'session.absoluteHours', label: label('absolute'), value: duration(policy.session.absoluteHours * 60, words) },
    { key: 'lifetimes.emailCodeMinutes', label: label('emailCode'), value: valid(policy.lifetimes.emailCodeMinutes) },
    { key: 'lifetimes.invitationHours', label: label('invitation'), value: valid(policy.lifetimes.invitationHours * 60) },
    {
      key: 'recovery.selfService',
      label: label('selfService'),
      value: policy.recovery.selfService ? t('admin.policy.values.allowed') : t('admin.policy.values.helpdeskOnly'),
    },
    { key: 'recovery.emailAlone', label: label('emailAlone'), value: policy.recovery.emailAlone ? t('admin.policy.values.yes') : t('admin.policy.values.no') },
    {
      key: 'recovery.emailAloneWaitHours',
      label: label('emailAloneWait'),
      value: t('admin.policy.values.hours', { hours: policy.recovery.emailAloneWaitHours }),
    },
    { key: 'authenticators.synced', label: label('synced'), value: a.synced ? t('admin.policy.values.allowed') : t('admin.policy.values.deviceBound') },
    {
      key: 'authenticators.list',
      label: label('list'),
      value:
        a.list === 'any'
          ? t('admin.policy.values.anyAuthenticator')
          : t(a.list === 'allow' ? 'admin.policy.values.onlyListed' : 'admin.policy.values.allButListed', { aaguids: a.aaguids.join(', ') }),
    },
    {
      key: 'authenticators.verified',
      label: label('verified'),
      value: a.verified
        ? t(a.enterprise ? 'admin.policy.values.verifiedEnterprise' : 'admin.policy.values.verifiedModels', {
            level: t(`admin.policy.certification.${a.minimumCertification}`),
          })
        : t('admin.policy.values.claimedModels'),
    },
    {
      key: 'sms.purposes',
      label: label('sms'),
      value: policy.sms.purposes.includes('sign_in') ? t('admin.policy.values.smsSignIn') : t('admin.policy.values.smsOff'),
    },
  ]
}

function settingLabel(
  key:
    | 'methods'
    | 'passkey'
    | 'stepUpMethods'
    | 'stepUpWindow'
    | 'idle'
    | 'absolute'
    | 'emailCode'
    | 'invitation'
    | 'selfService'
    | 'emailAlone'
    | 'emailAloneWait'
    | 'synced'
    | 'list'
    | 'verified'
    | 'sms',
  { t }: Translator,
): string {
  return t(`admin.policy.settings.${key}`)
}

/** The settings that differ between two policies, before and after. */
export function policyChanges(before: Policy, after: Policy, words: Translator = inEnglish()): { key: string; label: string; before: string; after: string }[] {
  const old = policySettings(before, words)
  return policySettings(after, words)
    .map((setting, index) => ({ key: setting.key, label: setting.label, before: old[index]!.value, after: setting.value }))
    .filter((change) => change.before !== change.after)
}

/** A rollout preset's name and one-line summary in the reader's language. */
export function presetWords(preset: Pick<Preset, 'id'>, { t }: Translator): { name: string; summary: string } {
  return { name: t(`admin.policy.presets.${preset.id}.name`), summary: t(`admin.policy.presets.${preset.id}.summary`) }
}

export type PersonPreview = { label: string; value: string; why: string }[]

/** "What happens to this person": which methods work, whether they go to enrolment, their timeouts, and why. */
export function previewPerson(
  person: {
    groupName: string
    policy: Policy
    passkeys: number
    syncedPasskeys: number
    hasRecoveryCodes: boolean
    hasTotp: boolean
    status: string
  },
  words: Translator = inEnglish(),
): PersonPreview {
  const { t } = words
  const { policy } = person
  const group = person.groupName
  const label = (key: Parameters<typeof previewLabel>[0]) => previewLabel(key, words)
  if (person.status !== 'active') return [{ label: label('signingIn'), value: t('admin.policy.preview.notPossible'), why: t('admin.policy.why.suspended') }]
  const methods = listMethods(policy.methods, words)
  const lines: PersonPreview = [{ label: label('canSignIn'), value: methods, why: t('admin.policy.why.allows', { group, methods }) }]
  if (enrolmentRequired(policy, person.passkeys > 0)) {
    lines.push({ label: label('afterSignIn'), value: t('admin.policy.preview.sentToAdd'), why: t('admin.policy.why.requires', { group }) })
  } else if (policy.passkey === 'nudge' && person.passkeys === 0) {
    lines.push({ label: label('afterSignIn'), value: t('admin.policy.preview.offered'), why: t('admin.policy.why.suggests', { group }) })
  } else {
    lines.push({
      label: label('afterSignIn'),
      value: t('admin.policy.preview.straight'),
      why: person.passkeys > 0 ? t('admin.policy.why.hasPasskey') : t('admin.policy.why.doesNotAsk', { group }),
    })
  }
  if (policy.methods.includes('passkey') === false && person.passkeys > 0) {
    lines.push({ label: label('itsPasskeys'), value: t('admin.policy.preview.doNotSignIn'), why: t('admin.policy.why.noPasskeySignIn', { group }) })
  }
  if (!policy.authenticators.synced && person.syncedPasskeys > 0) {
    lines.push({
      label: label('addingSynced'),
      value: t('admin.policy.preview.refused'),
      why: t('admin.policy.why.deviceBoundOnly', { group, count: person.syncedPasskeys }),
    })
  }
  lines.push(
    {
      label: label('toChange'),
      value: t('admin.policy.preview.confirmsWith', { stepUp: stepUp(policy), window: duration(policy.stepUp.windowMinutes, words) }),
      why: policy.passkey === 'required_for_sensitive' ? t('admin.policy.why.sensitive', { group }) : t('admin.policy.why.stepUpRule', { group }),
    },
    {
      label: label('signedOutAfter'),
      value: t('admin.policy.preview.timeouts', {
        idle: duration(policy.session.idleMinutes, words),
        absolute: duration(policy.session.absoluteHours * 60, words),
      }),
      why: t('admin.policy.why.timeouts', { group }),
    },
    {
      label: label('ifLost'),
      value: !policy.recovery.selfService
        ? t('admin.policy.preview.lost.helpdesk')
        : person.hasRecoveryCodes || person.hasTotp
          ? t('admin.policy.preview.lost.secondFactor')
          : emailAloneRecovers(policy)
            ? t('admin.policy.preview.lost.emailAloneWait', { hours: policy.recovery.emailAloneWaitHours })
            : person.passkeys > 0
              ? t('admin.policy.preview.lost.noFactor')
              : t('admin.policy.preview.lost.email'),
      why: !policy.recovery.selfService ? t('admin.policy.why.helpdesk', { group }) : t('admin.policy.why.factors'),
    },
  )
  return lines
}

function previewLabel(
  key: 'signingIn' | 'canSignIn' | 'afterSignIn' | 'itsPasskeys' | 'addingSynced' | 'toChange' | 'signedOutAfter' | 'ifLost',
  { t }: Translator,
): string {
  return t(`admin.policy.preview.labels.${key}`)
}
