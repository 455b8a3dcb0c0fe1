import { Heading, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, codeStyle, headingStyle, textStyle } from './layout'

export type EmailCodePurpose = 'step_up' | 'backup_email' | 'recovery' | 'email_change'

export type EmailCodeProps = {
  purpose: EmailCodePurpose
  appName: string
  code: string
  /** e.g. "10 minutes" */
  validFor: string
  /** e.g. "14:32 (Europe/Paris)" */
  expiresAt: string
  /** e.g. "Chrome on Linux" */
  requestedFrom: string
  /** e.g. "14:22 (Europe/Paris)" */
  requestedAt: string
}

/** What each purpose's email says: subject, heading, where the code goes, and what to do if it wasn't you. */
const wording: Record<EmailCodePurpose, (appName: string) => { subject: string; heading: string; intro: string; notYou: string }> = {
  step_up: (appName) => ({
    subject: `Confirm it’s you on ${appName}`,
    heading: 'Confirm it’s you',
    intro: 'Enter this code to confirm it’s you before changing how you sign in:',
    notYou: 'If this wasn’t you, someone is signed in to your account: open your account’s Sessions page and sign them out.',
  }),
  backup_email: (appName) => ({
    subject: `Confirm your backup email for ${appName}`,
    heading: 'Confirm this backup address',
    intro: `Someone wants to use this address to get back into their ${appName} account if they lose access. Enter this code on the Recovery page to confirm it:`,
    notYou: 'If you didn’t ask for this, ignore this email: the address won’t be added.',
  }),
  email_change: (appName) => ({
    subject: `Confirm your new email address for ${appName}`,
    heading: 'Confirm your new email address',
    intro: `Someone asked to sign in to their ${appName} account with this address from now on. Enter this code on their profile page to confirm it:`,
    notYou: 'If you didn’t ask for this, ignore this email: the address won’t be used.',
  }),
  recovery: (appName) => ({
    subject: `Recover your ${appName} account`,
    heading: 'Recover your account',
    intro: 'Enter this code on the account recovery page:',
    notYou:
      'If this wasn’t you, ignore this email. The code alone does not open your account: it also takes one of your recovery codes or your authenticator app.',
  }),
}

function EmailCode(props: EmailCodeProps) {
  const text = wording[props.purpose](props.appName)
  return (
    <EmailLayout
      appName={props.appName}
      preview={`Your code, valid for ${props.validFor}`}
      footer={`${props.appName} will never ask you to read this code out or forward it.`}
    >
      <Heading as="h1" style={headingStyle}>
        {text.heading}
      </Heading>
      <Text style={textStyle}>{text.intro}</Text>
      <Text style={codeStyle}>{props.code}</Text>
      <Text style={textStyle}>{`The code expires in ${props.validFor}, at ${props.expiresAt}, and works once.`}</Text>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>
        {`Requested from ${props.requestedFrom} at about ${props.requestedAt}. ${text.notYou}`}
      </Text>
    </EmailLayout>
  )
}

export function emailCodeEmail(props: EmailCodeProps): Promise<RenderedEmail> {
  return renderEmail(wording[props.purpose](props.appName).subject, <EmailCode {...props} />)
}
