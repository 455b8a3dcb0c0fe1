import type { ChallengePurpose } from '../auth/email-code/challenge'

/**
 * The closed vocabulary of the audit log, shared by the writer
 * (`recordEvent`) and every reader (the activity page's wording, the
 * downloads): an event type or a reason that is not listed here does not
 * typecheck, and one listed here without wording does not either
 * (`lib/activity/event-words.ts`).
 */
export type AuditEventType =
  | 'account_created'
  | 'sign_in'
  | 'sign_in_requested'
  | 'sign_in_approved'
  | 'email_sign_in_paused'
  | 'sign_out'
  | 'session_revoked'
  | 'email_sent'
  | 'email_failed'
  | 'step_up'
  | 'passkey_added'
  | 'passkey_renamed'
  | 'passkey_removed'
  | 'passkey_clone_suspected'
  | 'recovery_codes_generated'
  | 'totp_added'
  | 'totp_removed'
  | 'backup_email_added'
  | 'backup_email_removed'
  | 'recovery_requested'
  | 'recovery_email_proven'
  | 'recovery_factor'
  | 'account_recovered'
  | 'access_code_requested'
  | 'access_code_issued'
  | 'access_code_used'
  | 'access_code_reported'
  | 'access_code_expired'
  | 'activity_reported'
  | 'profile_updated'
  | 'email_change_requested'
  | 'email_changed'
  | 'notice_settings_changed'
  | 'account_deleted'
  | 'data_exported'
  // Groups and policies (admin)
  | 'group_created'
  | 'group_renamed'
  | 'group_policy_changed'
  | 'group_default_changed'
  | 'group_members_moved'

/** Which security notice an email_sent or email_failed event is about. */
export type NoticeReason =
  | 'new_sign_in'
  | 'passkey_added'
  | 'passkey_removed'
  | 'passkey_clone_suspected'
  | 'recovery_codes_generated'
  | 'totp_added'
  | 'totp_removed'
  | 'backup_email_added'
  | 'backup_email_removed'
  | 'account_recovered'
  | 'access_code_issued'
  | 'access_code_issued_for_agent'
  | 'email_capped'
  | 'email_changed'
  | 'account_deleted'

/** Why an event failed (or, for a few, why it happened). */
export type AuditReason =
  | NoticeReason
  // Emailed codes and links
  | 'code_wrong'
  | 'code_burned'
  | 'code_expired'
  | 'code_format'
  | 'request_gone'
  | 'request_superseded'
  | 'link_invalid'
  | 'link_used'
  | 'link_expired'
  | 'link_superseded'
  | 'approval_number_wrong'
  | 'approval_too_old'
  // Limits
  | 'rate_limited'
  | 'account_locked'
  | 'email_capped'
  // Email delivery: the provider failed, or which kind of code could not be sent
  | 'email_failed'
  | 'provider_error'
  | `${ChallengePurpose}_code`
  // Passkeys
  | 'passkey_invalid'
  | 'passkey_expired'
  | 'passkey_unknown'
  | 'passkey_clone'
  | 'passkey_exists'
  | 'last_method'
  | 'not_found'
  // Recovery factors
  | 'totp_wrong'
  | 'totp_replayed'
  | 'totp_missing'
  | 'recovery_factor_wrong'
  | 'recovery_expired'
  // Helpdesk access codes
  | 'access_code_wrong'
  | 'access_code_expired'
  | 'access_code_used'
  | 'access_code_self'
  | 'access_code_not_agent'
  | 'access_code_user_unknown'
  | 'access_code_same_agent'
  | 'access_code_approver_recent'
  | 'access_code_gone'
  // Policies: a method or authenticator the person's group does not allow
  | 'method_code_not_allowed'
  | 'method_link_not_allowed'
  | 'method_passkey_not_allowed'
  | 'passkey_synced_not_allowed'
  | 'passkey_authenticator_not_allowed'
  | 'step_up_passkey_required'
  | 'recovery_helpdesk_only'
