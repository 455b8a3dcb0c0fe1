import type { SUPPORT_EVENTS } from './figures'
import type { TargetStatus } from './targets'

/** How the dashboard words its methods, events and numbers. */

export const METHOD_WORDS: Record<string, string> = {
  passkey: 'Passkey',
  email_code: 'Emailed code',
  magic_link: 'Emailed link',
  recovery: 'Recovery',
  invitation: 'Invitation',
}
export const SUPPORT_ROWS: Record<(typeof SUPPORT_EVENTS)[number], string> = {
  recovery_requested: 'Self-service recoveries started',
  account_recovered: 'Self-service recoveries completed',
  access_code_issued: 'Helpdesk access codes issued',
  access_code_used: 'Helpdesk access codes used',
  access_code_reported: 'Helpdesk access codes reported as not asked for',
}
const TARGET_WORDS = { below: 'below', on_target: 'on target', ahead: 'ahead' } as const

export const targetWords = (status: TargetStatus) => (status ? `${status.target}: ${TARGET_WORDS[status.status]}` : 'none set')
export const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`)
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
