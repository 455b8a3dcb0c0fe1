import type { AuditEventType, AuditReason } from '../audit/vocabulary'
import { SIGN_IN_METHOD_LABELS } from '../auth/session/methods'

/** History events in plain words, for the activity page and the downloads. */

export type EventIcon = 'passkey' | 'email' | 'recovery' | 'session' | 'account' | 'warning'

type EventRow = { type: string; result: string; method: string | null; reason: string | null; detail: string | null }

/** Every reason in the audit vocabulary, in words: a reason without wording does not typecheck. */
const REASONS: Record<AuditReason, string> = {
  token_invalid: 'missing or wrong token',
  code_wrong: 'wrong code',
  code_burned: 'too many wrong codes',
  code_expired: 'code expired',
  code_format: 'code not complete',
  request_gone: 'request no longer active',
  request_superseded: 'a newer code was sent',
  link_invalid: 'link not valid',
  link_used: 'link already used',
  link_expired: 'link expired',
  link_superseded: 'a newer link was sent',
  approval_number_wrong: 'wrong number on the other device',
  approval_too_old: 'request too old to approve',
  rate_limited: 'too many attempts',
  account_locked: 'paused after too many wrong codes',
  email_capped: 'paused for new browsers after 100 wrong codes in a row',
  passkey_invalid: 'passkey not verified',
  passkey_expired: 'passkey request expired',
  passkey_unknown: 'unknown passkey',
  passkey_clone: 'possibly copied passkey',
  passkey_exists: 'passkey already added',
  last_method: 'only way to sign in',
  not_found: 'not found',
  totp_wrong: 'wrong app code',
  totp_replayed: 'app code already used',
  totp_missing: 'set-up no longer active',
  recovery_factor_wrong: 'wrong recovery or app code',
  recovery_expired: 'recovery request expired',
  access_code_wrong: 'wrong access code',
  access_code_expired: 'access code expired',
  access_code_used: 'access code already used',
  access_code_self: 'own account',
  break_glass_no_recovery: 'the break-glass administrator has no recovery',
  access_code_not_agent: 'not a helpdesk agent',
  access_code_user_unknown: 'account not found or suspended',
  access_code_same_agent: 'needs a second agent',
  access_code_approver_recent: 'approver recently recovered',
  access_code_gone: 'request no longer open',
  app_group_not_allowed: 'the app is not open to this person’s group',
  app_level_unmet: 'the app needs a passkey sign-in',
  app_consent_denied: 'the person declined',
  app_logout_undelivered: 'the app did not answer',
  method_code_not_allowed: 'sign-in codes are off for this account',
  method_link_not_allowed: 'sign-in links are off for this account',
  link_needs_asking_device: 'link without a code, opened on another device',
  method_passkey_not_allowed: 'passkey sign-in is off for this account',
  passkey_synced_not_allowed: 'synced passkeys not allowed',
  passkey_authenticator_not_allowed: 'authenticator not allowed',
  step_up_passkey_required: 'a passkey is required',
  recovery_helpdesk_only: 'recovery only through the helpdesk',
  scim_staff_account: 'administrators and helpdesk agents are managed in the portal',
  scim_break_glass_account: 'the break-glass account is managed in the portal',
  policy_below_floor: 'would go below the group’s floor',
  invitation_used: 'invitation already used',
  invitation_expired: 'invitation expired',
  invitation_revoked: 'invitation withdrawn',
  invitation_invalid: 'invitation not recognised',
  email_failed: 'email could not be sent',
  provider_error: 'email provider did not accept it',
  sign_in_code: 'sign-in code',
  step_up_code: 'confirmation code',
  backup_email_code: 'backup email code',
  recovery_code: 'recovery code',
  email_change_code: 'email change code',
  new_sign_in: 'new sign-in notice',
  passkey_added: 'passkey added notice',
  passkey_removed: 'passkey removed notice',
  passkey_clone_suspected: 'copied passkey notice',
  recovery_codes_generated: 'new recovery codes notice',
  totp_added: 'authenticator app added notice',
  totp_removed: 'authenticator app removed notice',
  backup_email_added: 'backup email added notice',
  backup_email_removed: 'backup email removed notice',
  account_recovered: 'recovery notice',
  access_code_issued: 'helpdesk code notice',
  access_code_issued_for_agent: 'helpdesk code for an agent notice',
  email_changed: 'email change notice',
  account_deleted: 'account deletion notice',
  account_suspended: 'suspension notice',
  account_reactivated: 'reactivation notice',
  account_deprovisioned: 'closing notice',
  account_signed_out: 'signed-out notice',
  break_glass_sign_in: 'break-glass notice to administrators',
  break_glass_recovery_refused: 'break-glass recovery notice to administrators',
}

/** Every event type in the audit vocabulary, in words: a type without wording does not typecheck. */
const TITLES: Record<AuditEventType, { success: string; failure?: string; icon: EventIcon }> = {
  account_created: { success: 'Account created', icon: 'account' },
  sign_in: { success: 'Signed in', failure: 'Sign-in failed', icon: 'email' },
  sign_in_requested: { success: 'Sign-in email requested', failure: 'Sign-in email not sent', icon: 'email' },
  sign_in_approved: { success: 'Sign-in approved from another device', failure: 'Sign-in approval failed', icon: 'email' },
  email_sign_in_paused: { success: 'Email sign-in paused for new browsers', failure: 'Email sign-in paused for new browsers', icon: 'warning' },
  sign_out: { success: 'Signed out', icon: 'session' },
  step_up: { success: 'Confirmed it was you', failure: 'Confirmation failed', icon: 'session' },
  session_revoked: { success: 'Signed out a session', icon: 'session' },
  activity_reported: { success: 'Reported activity you didn’t recognise', icon: 'warning' },
  email_sent: { success: 'Email sent', icon: 'email' },
  email_failed: { success: 'Email not sent', failure: 'Email not sent', icon: 'email' },
  passkey_added: { success: 'Passkey added', failure: 'Passkey not added', icon: 'passkey' },
  passkey_renamed: { success: 'Passkey renamed', failure: 'Passkey not renamed', icon: 'passkey' },
  passkey_removed: { success: 'Passkey removed', failure: 'Passkey not removed', icon: 'passkey' },
  passkey_clone_suspected: { success: 'Sign-in stopped: possibly copied passkey', failure: 'Sign-in stopped: possibly copied passkey', icon: 'warning' },
  recovery_codes_generated: { success: 'New recovery codes made', icon: 'recovery' },
  totp_added: { success: 'Authenticator app added', failure: 'Authenticator app not added', icon: 'recovery' },
  totp_removed: { success: 'Authenticator app removed', icon: 'recovery' },
  backup_email_added: { success: 'Backup email added', failure: 'Backup email not added', icon: 'recovery' },
  backup_email_removed: { success: 'Backup email removed', icon: 'recovery' },
  recovery_requested: { success: 'Account recovery started', failure: 'Account recovery refused', icon: 'recovery' },
  recovery_email_proven: { success: 'Recovery: email code entered', failure: 'Recovery: email code refused', icon: 'recovery' },
  recovery_factor: { success: 'Recovery: second proof accepted', failure: 'Recovery: second proof refused', icon: 'recovery' },
  account_recovered: { success: 'Account recovered', icon: 'recovery' },
  access_code_requested: { success: 'Helpdesk asked for an access code', icon: 'recovery' },
  access_code_issued: { success: 'Helpdesk issued an access code', failure: 'Access code not issued', icon: 'recovery' },
  access_code_used: { success: 'Helpdesk access code used', failure: 'Helpdesk access code refused', icon: 'recovery' },
  access_code_reported: { success: 'Access code reported and stopped', icon: 'warning' },
  access_code_expired: { success: 'Access code expired unused', icon: 'recovery' },
  profile_updated: { success: 'Name changed', icon: 'account' },
  email_change_requested: { success: 'Email change started', failure: 'Email change not started', icon: 'account' },
  email_changed: { success: 'Email address changed', failure: 'Email address not changed', icon: 'account' },
  notice_settings_changed: { success: 'Notification setting changed', icon: 'account' },
  data_exported: { success: 'Data downloaded', icon: 'account' },
  passkey_nudge_offered: { success: 'Offered a passkey', icon: 'passkey' },
  passkey_nudge_dismissed: { success: 'Passkey offer put off for 14 days', icon: 'passkey' },
  passkey_reminder_sent: { success: 'Reminded by email to set up a passkey', failure: 'Passkey reminder not delivered', icon: 'email' },
  break_glass_sign_in: { success: 'Break-glass administrator signed in', icon: 'warning' },
  break_glass_recovery_refused: {
    success: 'Recovery of the break-glass administrator refused',
    failure: 'Recovery of the break-glass administrator refused',
    icon: 'warning',
  },
  invitation_sent: { success: 'Invited to join', icon: 'email' },
  invitation_accepted: { success: 'Invitation accepted', failure: 'Invitation refused', icon: 'email' },
  invitation_revoked: { success: 'Invitation withdrawn', icon: 'email' },
  group_created: { success: 'Group created', icon: 'account' },
  group_renamed: { success: 'Group renamed', icon: 'account' },
  group_policy_changed: { success: 'Sign-in policy changed', failure: 'Sign-in policy change refused', icon: 'account' },
  group_default_changed: { success: 'Default group changed', icon: 'account' },
  group_members_moved: { success: 'Moved to another group', icon: 'account' },
  account_deleted: { success: 'Account deleted', icon: 'account' },
  account_suspended: { success: 'Account suspended by an administrator', icon: 'account' },
  account_reactivated: { success: 'Account reactivated by an administrator', icon: 'account' },
  account_deprovisioned: { success: 'Account closed by an administrator', icon: 'account' },
  account_signed_out: { success: 'Signed out everywhere by an administrator', icon: 'session' },
  activity_report_resolved: { success: 'Report of unrecognised activity resolved', icon: 'warning' },
  audit_log_verified: { success: 'Audit log verified', failure: 'Audit log failed verification', icon: 'warning' },
  audit_row_refused: { success: 'Backdated row kept out of the sealed log', icon: 'warning' },
  scim_request_refused: { success: 'Provisioning request refused', icon: 'warning' },
  app_registered: { success: 'App registered for sign-in', icon: 'account' },
  app_secret_replaced: { success: 'App secret replaced', icon: 'account' },
  app_disabled: { success: 'App turned off', icon: 'account' },
  app_groups_changed: { success: 'Changed who may use an app', icon: 'account' },
  app_sign_in: { success: 'Signed in to an app', failure: 'Sign-in to an app refused', icon: 'session' },
  app_access_revoked: { success: 'App access removed', icon: 'session' },
  app_logout_sent: { success: 'App told to sign out', failure: 'App could not be told to sign out', icon: 'session' },
  oidc_keys_rotated: { success: 'App signing keys replaced', icon: 'account' },
  oidc_requests_limited: { success: 'App requests paused by a rate limit', failure: 'App requests paused by a rate limit', icon: 'warning' },
}

/** Every event type, with its title, for the audit log's filter. */
export const EVENT_TYPE_TITLES: { type: AuditEventType; title: string }[] = Object.entries(TITLES).map(([type, words]) => ({
  type: type as AuditEventType,
  title: words.success,
}))

/** Rows are stored as text; older rows may hold words from before the vocabulary was closed. */
const isKnown = <K extends string>(table: Record<K, unknown>, key: string): key is K => Object.hasOwn(table, key)

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {}
  try {
    const parsed: unknown = JSON.parse(detail)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function methodIcon(method: string | null): EventIcon {
  if (method === 'passkey') return 'passkey'
  if (method === 'recovery' || method === 'recovered') return 'recovery'
  return 'email'
}

/** Title, an optional note (method, reason, passkey name) and an icon for one history event. */
export function describeEvent(row: EventRow): { title: string; note: string | null; icon: EventIcon } {
  const known = isKnown(TITLES, row.type) ? TITLES[row.type] : undefined
  const failed = row.result === 'failure'
  const title = known ? (failed ? (known.failure ?? known.success) : known.success) : row.type.replaceAll('_', ' ')
  const detail = parseDetail(row.detail)
  const parts: string[] = []
  if (row.method && row.method in SIGN_IN_METHOD_LABELS) parts.push(SIGN_IN_METHOD_LABELS[row.method as keyof typeof SIGN_IN_METHOD_LABELS])
  if (typeof detail.name === 'string') parts.push(`“${detail.name}”`)
  if (typeof detail.app === 'string') parts.push(detail.app)
  if (typeof detail.to === 'string') parts.push(`now “${detail.to}”`)
  if (typeof detail.count === 'number' && row.type === 'session_revoked') parts.push(detail.count === 1 ? '1 session' : `${detail.count} sessions`)
  if (typeof detail.signedOut === 'number') parts.push(detail.signedOut === 1 ? '1 other session signed out' : `${detail.signedOut} other sessions signed out`)
  if (typeof detail.format === 'string') parts.push(detail.format === 'account' ? 'all account data' : `history as ${detail.format.toUpperCase()}`)
  if (row.reason && failed) parts.push(isKnown(REASONS, row.reason) ? REASONS[row.reason] : row.reason.replaceAll('_', ' '))
  const icon = row.type === 'sign_in' || row.type === 'step_up' ? methodIcon(row.method) : (known?.icon ?? 'account')
  return { title, note: parts.length ? parts.join(' · ') : null, icon }
}
