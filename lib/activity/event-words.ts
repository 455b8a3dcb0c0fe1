import type { AuditEventType, AuditReason } from '../audit/vocabulary'
import type { SignInMethod } from '../db'
import { CATALOGUES, type Messages } from '../i18n/catalogue'
import { isLocale, LOCALE_NAMES } from '../i18n/locales'
import { PAYMENT_APPROVAL } from '../oidc/payment-approval'
import type { Translator } from '../i18n/translator'
import { parseAuditDetail } from '../audit/detail'

/**
 * History events in the reader's words (the `activity.event` messages), for
 * the activity page, the administrators' person page, audit log and reports,
 * and the downloads. Every event type, reason and sign-in method has its
 * words in the catalogue: one without them does not typecheck.
 */

export type EventIcon = 'passkey' | 'email' | 'recovery' | 'session' | 'account' | 'warning'

type EventRow = { type: string; result: string; method: string | null; reason: string | null; detail: string | null }

/** One fact of a note: our words, or data the person or an administrator typed (a name, an app), shown as it is. */
export type NotePart = { text: string; data: boolean }

export type EventWords = {
  title: string
  /** The note's parts joined, for text-only readers (downloads, the audit log). */
  note: string | null
  parts: NotePart[]
  icon: EventIcon
}

/** Every event type in the audit vocabulary, with its picture; its words are `activity.event.titles.<type>`. */
const ICONS: Record<AuditEventType, EventIcon> = {
  account_created: 'account',
  sign_in: 'email',
  sign_in_requested: 'email',
  sign_in_approved: 'email',
  email_sign_in_paused: 'warning',
  sign_out: 'session',
  step_up: 'session',
  session_revoked: 'session',
  activity_reported: 'warning',
  email_sent: 'email',
  email_failed: 'email',
  passkey_added: 'passkey',
  passkey_renamed: 'passkey',
  passkey_removed: 'passkey',
  passkey_clone_suspected: 'warning',
  recovery_codes_generated: 'recovery',
  totp_added: 'recovery',
  totp_removed: 'recovery',
  passkey_only_on: 'passkey',
  passkey_only_off: 'passkey',
  backup_email_added: 'recovery',
  backup_email_removed: 'recovery',
  recovery_requested: 'recovery',
  recovery_email_proven: 'recovery',
  recovery_factor: 'recovery',
  account_recovered: 'recovery',
  recovery_scheduled: 'warning',
  recovery_cancelled: 'recovery',
  access_code_requested: 'recovery',
  access_code_issued: 'recovery',
  access_code_used: 'recovery',
  access_code_reported: 'warning',
  access_code_expired: 'recovery',
  profile_updated: 'account',
  email_change_requested: 'account',
  email_changed: 'account',
  notice_settings_changed: 'account',
  data_exported: 'account',
  passkey_nudge_offered: 'passkey',
  passkey_nudge_dismissed: 'passkey',
  passkey_reminder_sent: 'email',
  break_glass_sign_in: 'warning',
  break_glass_recovery_refused: 'warning',
  invitation_sent: 'email',
  invitation_accepted: 'email',
  invitation_revoked: 'email',
  group_created: 'account',
  group_renamed: 'account',
  group_policy_changed: 'account',
  group_default_changed: 'account',
  group_members_moved: 'account',
  account_deleted: 'account',
  account_suspended: 'account',
  account_reactivated: 'account',
  account_deprovisioned: 'account',
  account_signed_out: 'session',
  activity_report_resolved: 'warning',
  audit_log_verified: 'warning',
  audit_row_refused: 'warning',
  scim_request_refused: 'warning',
  app_registered: 'account',
  app_secret_replaced: 'account',
  app_disabled: 'account',
  app_groups_changed: 'account',
  app_sign_in: 'session',
  app_access_revoked: 'session',
  app_logout_sent: 'session',
  ssf_stream_changed: 'session',
  oidc_keys_rotated: 'account',
  oidc_requests_limited: 'warning',
  authenticator_metadata_loaded: 'account',
  authenticator_recalled: 'warning',
  authenticator_recall_notified: 'warning',
  authenticator_recall_scheduled: 'warning',
  phone_added: 'recovery',
  phone_removed: 'recovery',
  sms_sign_in_paused: 'warning',
  sms_failed: 'warning',
}

/** Every event type of the audit vocabulary, for the audit log's filter. */
export const EVENT_TYPES = Object.keys(ICONS) as AuditEventType[]

/** The English catalogue's words, to check that every type, reason and method has some: one without them does not typecheck. */
const WORDS = CATALOGUES.en.activity.event
const TITLES = WORDS.titles satisfies Record<AuditEventType, string>
const REASONS = WORDS.reasons satisfies Record<AuditReason, string>
const METHODS = WORDS.methods satisfies Record<SignInMethod, string>

/** Types whose failure has words of its own (`activity.event.failed`); the others fail under their usual title. */
type FailureWorded = keyof Messages['activity']['event']['failed']

/** Rows are stored as text; older rows may hold words from before the vocabulary was closed. */
const isKnown = <K extends string>(table: Record<K, unknown>, key: string): key is K => Object.hasOwn(table, key)

type T = Translator['t']

/** An event type's name, as the audit log's filter lists it. */
export function eventTypeTitle(type: AuditEventType, t: T): string {
  // Name changes, language and time zone changes are all one type.
  return type === 'profile_updated' ? t('activity.event.profileChanged') : t(`activity.event.titles.${type}`)
}

function titleOf(row: EventRow, failed: boolean, detail: Record<string, unknown>, t: T): string {
  if (!isKnown(TITLES, row.type)) return row.type.replaceAll('_', ' ')
  const type = row.type
  if (type === 'profile_updated' && (detail.setting === 'locale' || detail.setting === 'timeZone')) return t(`activity.event.settings.${detail.setting}`)
  if (failed && isKnown(WORDS.failed, type)) return t(`activity.event.failed.${type satisfies FailureWorded}`)
  return t(`activity.event.titles.${type}`)
}

function methodIcon(method: string | null): EventIcon {
  if (method === 'passkey') return 'passkey'
  if (method === 'recovery' || method === 'recovered') return 'recovery'
  // A demo account's one-press sign-in: neither an email nor a passkey.
  if (method === 'demo') return 'account'
  return 'email'
}

/** What a changed setting is now: a language by its own name, anything else as it was saved. */
function newValue(row: EventRow, detail: Record<string, unknown>, to: string): string {
  return row.type === 'profile_updated' && detail.setting === 'locale' && isLocale(to, true) ? LOCALE_NAMES[to] : to
}

/** Title, an optional note (method, reason, passkey name…) and an icon for one history event, in the words of `t`'s reader. */
export function describeEvent(row: EventRow, t: T): EventWords {
  const failed = row.result === 'failure'
  const detail = parseAuditDetail(row.detail)
  const parts: NotePart[] = []
  const words = (text: string) => parts.push({ text, data: false })
  if (row.method && isKnown(METHODS, row.method)) words(t(`activity.event.methods.${row.method}`))
  if (typeof detail.name === 'string') parts.push({ text: t('activity.event.notes.named', { name: detail.name }), data: true })
  if (typeof detail.app === 'string') parts.push({ text: detail.app, data: true })
  // A payment approved in an app (RFC 9396), as the app asked for it: its amount, currency and payee are the app's data.
  if (detail.approvalType === PAYMENT_APPROVAL && typeof detail.amount === 'string' && typeof detail.currency === 'string' && typeof detail.payee === 'string')
    parts.push({ text: t('activity.event.notes.approved', { amount: detail.amount, currency: detail.currency, payee: detail.payee }), data: true })
  if (typeof detail.to === 'string') parts.push({ text: t('activity.event.notes.now', { value: newValue(row, detail, detail.to) }), data: true })
  if (typeof detail.count === 'number' && row.type === 'session_revoked') words(t('activity.event.notes.sessions', { count: detail.count }))
  if (typeof detail.signedOut === 'number') words(t('activity.event.notes.signedOut', { count: detail.signedOut }))
  if (typeof detail.format === 'string')
    words(detail.format === 'account' ? t('activity.event.notes.allAccountData') : t('activity.event.notes.historyAs', { format: detail.format.toUpperCase() }))
  if (row.reason && failed) {
    if (isKnown(REASONS, row.reason)) words(t(`activity.event.reasons.${row.reason}`))
    else parts.push({ text: row.reason.replaceAll('_', ' '), data: true })
  }
  const icon = row.type === 'sign_in' || row.type === 'step_up' ? methodIcon(row.method) : isKnown(ICONS, row.type) ? ICONS[row.type] : 'account'
  return {
    title: titleOf(row, failed, detail, t),
    note: parts.length ? parts.map((part) => part.text).join(' · ') : null,
    parts,
    icon,
  }
}
