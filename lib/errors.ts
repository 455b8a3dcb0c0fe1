/**
 * Every message a user can see about something that went wrong, keyed by a
 * stable code. Actions return codes; pages show the text from here. No text
 * says whether an account exists.
 */
const messages = {
  email_required: 'Enter your email address.',
  email_too_long: 'That address is too long: an email address has at most 254 characters.',
  email_at_sign: 'An email address has exactly one @ sign, like name@example.com.',
  email_characters: 'Remove the quotes or hidden characters from the address.',
  email_invalid: 'Enter an email address like name@example.com.',
  email_send_failed: "We couldn't send the email, try again in a minute.",
  database_unavailable: "We can't reach our database right now. Nothing was changed; try again in a minute.",
  code_format: 'Enter the 6-digit code from the email.',
  code_wrong: "That code isn't right. Check the latest email and try again.",
  code_burned: 'Too many wrong tries for this code, so it no longer works. Send a new code.',
  code_expired: 'This code has expired. Send a new code.',
  request_gone: 'This request is no longer active. Send a new code.',
  request_superseded: 'A newer code was sent to this address. Use the code or link from the latest email.',
  resend_cooldown: 'Wait {wait} before sending another code.',
  link_invalid: "This sign-in link isn't valid. Copy the whole link from the email, or ask for a new one.",
  link_used: 'This link was already used. Ask for a new one if you still need to sign in.',
  link_expired: 'This link has expired. Ask for a new one.',
  link_superseded: 'A newer email was sent to this address. Use the link from the latest email.',
  approval_number_wrong: 'That isn’t the number shown on the other device. Only approve a sign-in you started yourself, on a screen you can see now.',
  approval_too_old:
    'This request is more than 5 minutes old, so it can’t be approved from here. Sign in here instead, or ask for a new email on the other device.',
  rate_limited_send: 'Too many emails were requested. Try again in {wait}.',
  rate_limited_verify: 'Too many sign-in attempts from your network. Try again in {wait}.',
  account_locked: 'Too many wrong codes for this address. For your safety, sign-in by email is paused; try again in {wait}.',
  email_sign_in_paused:
    'For your safety, email sign-in for this address is paused on new browsers after many wrong codes. Sign in with a passkey, use a browser you signed in with before, or choose “Lost your passkey?”.',
  passkey_cancelled: 'The passkey request was cancelled or timed out. Try again, or sign in with email instead.',
  passkey_not_supported: "This browser can't use passkeys. Sign in with email instead.",
  passkey_expired: 'That passkey request expired or was already used. Try again.',
  passkey_unknown: "We don't recognise this passkey: it may have been removed from your account. Use another passkey, or sign in with email.",
  passkey_invalid: "We couldn't verify that passkey. Try again, or sign in with email instead.",
  passkey_clone: "We didn't accept this passkey because it may have been copied, and we've emailed the account owner. Sign in with email or another passkey.",
  passkey_exists: 'This device or password manager already has a passkey for your account. Use a different one, or keep the one you have.',
  passkey_name: 'Give the passkey a name of 1 to 60 characters.',
  passkey_not_found: 'That passkey no longer exists. Reload the page to see your current passkeys.',
  passkey_last_method:
    "This passkey is your only way to sign in, so it can't be removed. Add another passkey first (or sign in once with your email address to confirm it).",
  rate_limited_passkey: 'Too many passkey attempts from your network. Try again in {wait}.',
  step_up_required: 'For your safety, confirm it’s you before changing how you sign in.',
  totp_format: 'Enter the 6-digit code your authenticator app shows now.',
  totp_wrong: "That code isn't right. Enter the code your app shows now, and check that your phone's clock is set automatically.",
  totp_replayed: 'That code was already used. Wait for the next code in your app, then enter it.',
  totp_missing: 'This setup is no longer active. Start setting up the authenticator app again.',
  totp_exists: 'You already have an authenticator app. Remove it first to set up a different one.',
  recovery_expired: 'This recovery request has expired. Start again, and we’ll email you a new code.',
  recovery_factor_wrong: "That code isn't right. Enter one of your recovery codes, or the code your authenticator app shows now.",
  rate_limited_recovery: 'Too many recovery attempts. For your safety, try again in {wait}.',
  access_code_self: "You can't issue an access code for your own account. Ask another agent.",
  break_glass_no_recovery:
    'The break-glass administrator cannot be recovered, by anyone. The attempt was recorded and every administrator was told. If its passkey is lost, an administrator sets up a new break-glass account.',
  access_code_not_agent: 'Only helpdesk agents and administrators can issue access codes.',
  access_code_user_unknown: 'That account no longer exists or is suspended.',
  access_code_same_agent: 'A second agent has to approve this: not the one who asked for it.',
  access_code_approver_recent: 'Your account was recovered or got a new sign-in method recently, so you can’t approve access codes yet. Ask another agent.',
  access_code_gone: 'This request was already approved or no longer exists. Reload the page.',
  access_code_wrong: "That access code isn't right for this address. Check both with your helpdesk.",
  access_code_expired: 'This access code has expired. Ask your helpdesk for a new one.',
  access_code_used: 'This access code was already used. Ask your helpdesk for a new one.',
  verification_text: 'Describe how you checked who the person is, in 10 to 1000 characters.',
  verification_checks: 'Tick at least one check you did.',
  display_name: 'Use 1 to 60 characters for your name, or leave it empty.',
  email_change_same: 'That is already the address you sign in with.',
  delete_confirmation: 'Type the email address you sign in with, exactly, to confirm.',
  activity_not_found: 'That event is no longer in your history. Reload the page.',
  session_not_found: 'That session has already ended. Reload the page to see where you are signed in.',
  backup_email_same: 'That is the address you sign in with. Enter a different one, ideally with another provider.',
  request_too_large: 'That request was too large.',
  passkey_enrolment_required: 'Your organisation requires a passkey for this account. Add one to continue.',
  link_needs_asking_device:
    'This email has no code, so its link only works on the device where you asked for it. Open it there, or approve that device with the number it shows.',
  method_link_not_allowed:
    'Sign-in links are turned off for this account by your organisation. Enter the 6-digit code from the same email instead, or use a passkey.',
  method_code_not_allowed: 'Sign-in codes are turned off for this account by your organisation. Use the link in the same email, or a passkey.',
  method_passkey_not_allowed: 'Passkey sign-in is turned off for this account by your organisation. Sign in with your email address instead.',
  step_up_passkey_required: 'Your organisation asks for a passkey to confirm it’s you for this. An emailed code can’t be used here.',
  passkey_synced_not_allowed:
    'Your organisation allows only passkeys kept on one device (a security key or this device’s own), not ones that sync through a password manager. Choose a security key or this device when asked.',
  passkey_authenticator_not_allowed: 'Your organisation doesn’t allow this kind of passkey provider. Ask your IT team which security keys or apps you can use.',
  recovery_helpdesk_only: 'For this account, recovery goes through your helpdesk. Contact them and they can give you a one-time access code.',
  policy_methods: 'Choose at least one way to sign in.',
  policy_passkey: 'Choose how strongly passkeys are required. “Required” needs passkey sign-in to be allowed.',
  policy_step_up_window: 'The confirmation window is 1 to 60 minutes.',
  policy_step_up_methods: 'Choose which methods confirm it’s you.',
  policy_timeouts: 'Sessions end after 5 minutes to 30 days idle and 1 hour to 90 days in all, and the idle limit is not longer than the whole.',
  policy_lifetimes: 'Emailed codes and links live 2 to 10 minutes; invitations 1 hour to 7 days.',
  policy_below_floor:
    'Administrators and Break-glass never go below their floor (listed above the editor): every setting must be at least as strict. Nothing was saved.',
  policy_aaguids: 'List the authenticators by AAGUID (like ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4), one per line, at least one when the list is used.',
  group_name: 'Give the group a name of 1 to 60 characters that no other group has.',
  group_description: 'Keep the description under 300 characters.',
  group_not_found: 'That group no longer exists. Reload the page.',
  preset_not_found: 'That preset does not exist. Reload the page.',
  rate_limited_oidc: 'Too many sign-in or sign-out requests came from your network. Wait a minute, then go back to the app and try again.',
  app_name: 'Give the app a name of 1 to 60 characters.',
  app_redirect_uris: 'List 1 to 10 addresses to return to after sign-in, one per line: full https:// addresses without a # part (http:// only for localhost).',
  app_logout_uris: 'List at most 10 addresses, one per line: full https:// addresses without a # part (http:// only for localhost).',
  app_backchannel_uri: 'Give a full https:// address without a # part (http:// only for localhost), or leave it empty.',
  app_groups: 'Choose groups from the list.',
  app_not_found: 'That app no longer exists or is already turned off. Reload the page.',
  app_access_not_found: 'That app no longer has access to your account. Reload the page.',
  person_not_found: 'That account no longer exists. Reload the page.',
  person_wrong_status: 'The account is no longer in a state where that applies. Reload the page.',
  person_confirmation: 'Type the account’s email address, exactly, to confirm.',
  invitation_used: 'This invitation was already used. Sign in instead, or ask your administrator for a new one.',
  invitation_expired: 'This invitation has expired. Ask your administrator to send you a new one.',
  invitation_revoked: 'This invitation was withdrawn or replaced by a newer one. Use the latest email, or ask your administrator.',
  invitation_invalid: "This invitation link isn't valid. Copy the whole link from the email, or ask your administrator for a new one.",
  csv_file: 'Choose a CSV file of at most 100 KB: email, name, group on each line.',
  csv_empty: 'The file has no rows to invite.',
  csv_too_many: 'The file has more than 1,000 rows. Split it and upload each part.',
  invite_member: 'That address already has an account. Find it under People instead.',
  invite_name: 'Use at most 60 characters for the name, or leave it empty.',
  rate_limited_scim: 'Too many requests from this client. Wait a minute and try again.',
  reminders_none: 'Everyone in this group without a passkey was reminded in the last 7 days. Try again later.',
  report_not_found: 'That report was already resolved, or no longer exists. Reload the page.',
  report_note: 'Write a note of at most 500 characters on how it was resolved.',
  group_move_none: 'Enter at least one email address of an account to move, one per line.',
  signed_out: 'Your session has ended. Sign in again.',
  not_found: 'There is nothing here, or it is not for your account.',
  bad_request: 'That request could not be processed. Reload the page and try again.',
  unexpected: 'Something went wrong on our side. Please try again.',
} as const

export type ErrorCode = keyof typeof messages

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(messages, value)
}

/** "in 12 minutes" style wording for a moment in the future; needs no time zone. */
export function waitText(until: Date, now = new Date()): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/** The user-facing text for an error code; `retryAt` fills in how long to wait. */
export function errorMessage(code: ErrorCode, options: { retryAt?: Date; now?: Date } = {}): string {
  const text: string = messages[code]
  return options.retryAt ? text.replace('{wait}', waitText(options.retryAt, options.now)) : text.replace(' in {wait}', ' later').replace('{wait}', 'a moment')
}

/** The texts passkey buttons show for failures the browser reports (the server's own failures carry their message). */
export function passkeyCeremonyMessages() {
  return {
    cancelled: errorMessage('passkey_cancelled'),
    exists: errorMessage('passkey_exists'),
    unexpected: errorMessage('unexpected'),
    notSupported: errorMessage('passkey_not_supported'),
  }
}
