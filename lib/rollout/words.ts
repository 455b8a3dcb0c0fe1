import type { Translator } from '../i18n/translator'
import { CATALOGUES } from '../i18n/catalogue'
import type { SUPPORT_EVENTS } from './figures'
import type { TargetStatus } from './targets'

/** How the dashboard words its methods, events, phases and numbers, in the reader's language (messages/<locale>/rollout.json). */

const ROLLOUT = CATALOGUES.en.rollout
type Method = keyof typeof ROLLOUT.methods
type Reason = keyof typeof ROLLOUT.reasons
type Phase = keyof typeof ROLLOUT.phases

const known = <K extends string>(words: Record<K, string>, key: string): key is K => Object.hasOwn(words, key)

export function rolloutWords({ t, format }: Translator) {
  const percent = (part: number, whole: number) => (whole === 0 ? '–' : format.number(part / whole, 'percent'))
  return {
    /** A sign-in or confirmation method; one the catalogue does not know is shown by its id. */
    method: (id: string) => (known<Method>(ROLLOUT.methods, id) ? t(`rollout.methods.${id}`) : id),
    /** Why a sign-in failed, in a few words. */
    reason: (id: string) => (known<Reason>(ROLLOUT.reasons, id) ? t(`rollout.reasons.${id}`) : id.replaceAll('_', ' ')),
    /** A rollout phase (a policy preset) by its id. */
    phase: (id: string) => (known<Phase>(ROLLOUT.phases, id) ? t(`rollout.phases.${id}`) : id),
    support: (type: (typeof SUPPORT_EVENTS)[number]) => t(`rollout.figures.support.${type}`),
    target: (status: TargetStatus) =>
      status
        ? t('rollout.targets.status', {
            target: status.max === null ? t('rollout.targets.atLeast', { min: status.min }) : t('rollout.targets.range', { min: status.min, max: status.max }),
            status: status.status,
          })
        : t('rollout.targets.none'),
    /** A share, or a dash when there is nothing to share out. */
    percent,
    count: (count: number) => format.number(count),
    /** "12 (40%)": a count and its share of a whole. */
    countAndShare: (count: number, whole: number) => t('rollout.figure.countAndShare', { count, share: percent(count, whole) }),
    /** A duration, in seconds to a tenth. */
    seconds: (ms: number) =>
      format.number(ms / 1000, { style: 'unit', unit: 'second', unitDisplay: 'narrow', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    /** A whole UTC day (the rollups count whole UTC days), in the reader's words. */
    day: (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
    /** The same, shorter, for a chart's axis. */
    shortDay: (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { month: 'short', day: 'numeric', timeZone: 'UTC' }),
    /** A moment, in the reader's zone with the zone named. */
    time: (at: Date) => format.dateTime(at, 'time'),
    decimal: (value: number) => format.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  }
}

export type RolloutWords = ReturnType<typeof rolloutWords>
