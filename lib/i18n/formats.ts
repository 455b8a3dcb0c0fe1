import type { Formats } from 'use-intl/core'

/**
 * The shapes every date and time takes, for pages and emails alike. Each
 * time names its zone ("14:32 CET", "2:32 PM EST"): a reader never has to
 * guess whose clock it is (ADR 26).
 */
export const FORMATS = {
  dateTime: {
    /** "Dec 6, 2026, 2:32 PM EST" */
    time: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
    /** with seconds, for the audit log and exports */
    precise: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
    /** "2:32 PM EST", for a time later today (a code's expiry) */
    clock: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
    /** "Dec 6, 2026" */
    day: { year: 'numeric', month: 'short', day: 'numeric' },
    /** "Dec 6" */
    shortDay: { month: 'short', day: 'numeric' },
  },
  number: {
    percent: { style: 'percent', maximumFractionDigits: 0 },
  },
} satisfies Formats
