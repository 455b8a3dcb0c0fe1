/** What an emailed code is for. Only sign-in emails carry a link; a code works only for its own purpose. */
export type ChallengePurpose = 'sign_in' | 'step_up' | 'backup_email' | 'recovery' | 'email_change'
