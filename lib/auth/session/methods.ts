import type { SignInMethod } from '../../db'

/** Plain-language names for how a session started. */
export const SIGN_IN_METHOD_LABELS: Record<SignInMethod, string> = {
  email_code: 'Email code',
  magic_link: 'Email link',
  sms_code: 'Text-message code',
  passkey: 'Passkey',
  recovery: 'Account recovery',
  recovered: 'Recovered account',
  invitation: 'Invitation link',
  demo: 'Demo account',
  fixture: 'Test sign-in',
}
