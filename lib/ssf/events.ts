/**
 * The security events the portal transmits (OpenID Shared Signals Framework
 * 1.0, with the CAEP 1.0 and RISC 1.0 event types), and which history rows
 * raise them: every security-relevant change is written to the history
 * (lib/audit/record.ts), so that one place also queues its events (./queue.ts).
 */

const CAEP = 'https://schemas.openid.net/secevent/caep/event-type'
const RISC = 'https://schemas.openid.net/secevent/risc/event-type'

export const SSF_EVENTS = {
  sessionRevoked: `${CAEP}/session-revoked`,
  credentialChange: `${CAEP}/credential-change`,
  assuranceLevelChange: `${CAEP}/assurance-level-change`,
  accountDisabled: `${RISC}/account-disabled`,
  accountEnabled: `${RISC}/account-enabled`,
  accountPurged: `${RISC}/account-purged`,
} as const

export type SsfEventType = (typeof SSF_EVENTS)[keyof typeof SSF_EVENTS]
export const SUPPORTED_EVENTS: readonly SsfEventType[] = Object.values(SSF_EVENTS)

/** One event to transmit: its type URI and the claims under it (the subject and time are added when it is queued). */
export type SsfEvent = { type: SsfEventType; claims: Record<string, string> }

const LEVELS = { email: 'urn:passkey-portal:acr:email', passkey: 'urn:passkey-portal:acr:phishing-resistant' }

/** CAEP §3.3 credential types for the portal's credentials: a passkey is FIDO2, an authenticator app "app", a number "phone-sms". */
function credentialChange(credentialType: string, changeType: 'create' | 'delete'): SsfEvent {
  return { type: SSF_EVENTS.credentialChange, claims: { credential_type: credentialType, change_type: changeType } }
}

/**
 * The event a successful history row raises, or null. Ending one session
 * (signing out here, or one browser from the Sessions page) raises none: its
 * apps get a logout token for that session (lib/oidc/app-sessions.ts), and a
 * session-revoked event about the person would end their other sessions too.
 * Ending every other session, or every session, does.
 */
export function eventOf(row: { type: string; result: string; detail?: Record<string, unknown> | null }): SsfEvent | null {
  if (row.result !== 'success') return null
  switch (row.type) {
    // Every other session, or every session, ended: by the person, "This wasn't me", or an administrator.
    case 'session_revoked':
      return row.detail?.scope === 'others' ? { type: SSF_EVENTS.sessionRevoked, claims: {} } : null
    case 'activity_reported':
    case 'account_signed_out':
      return { type: SSF_EVENTS.sessionRevoked, claims: {} }
    case 'passkey_added':
      return credentialChange(row.detail?.synced === true ? 'fido2-platform' : 'fido2-roaming', 'create')
    case 'passkey_removed':
      return credentialChange('fido2-roaming', 'delete')
    case 'totp_added':
      return credentialChange('app', 'create')
    case 'totp_removed':
      return credentialChange('app', 'delete')
    case 'phone_added':
      return credentialChange('phone-sms', 'create')
    case 'phone_removed':
      return credentialChange('phone-sms', 'delete')
    // CAEP §3.4: the account now signs in with a passkey only, or again with email too.
    case 'passkey_only_on':
      return {
        type: SSF_EVENTS.assuranceLevelChange,
        claims: { namespace: 'custom', current_level: LEVELS.passkey, previous_level: LEVELS.email, change_direction: 'increase' },
      }
    case 'passkey_only_off':
      return {
        type: SSF_EVENTS.assuranceLevelChange,
        claims: { namespace: 'custom', current_level: LEVELS.email, previous_level: LEVELS.passkey, change_direction: 'decrease' },
      }
    case 'account_suspended':
      return { type: SSF_EVENTS.accountDisabled, claims: {} }
    case 'account_reactivated':
      return { type: SSF_EVENTS.accountEnabled, claims: {} }
    case 'account_deprovisioned':
      return { type: SSF_EVENTS.accountPurged, claims: {} }
    default:
      return null
  }
}
