import { Button, Heading, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, headingStyle, textStyle } from './layout'

export type PasskeyReminderEmailProps = { appName: string; link: string }

function PasskeyReminderEmail({ appName, link }: PasskeyReminderEmailProps) {
  return (
    <EmailLayout
      appName={appName}
      preview={`Set up a passkey for ${appName}`}
      footer={`${appName} will never ask you for a password, a code by phone, or to forward this email.`}
    >
      <Heading as="h1" style={headingStyle}>
        Set up a passkey for {appName}
      </Heading>
      <Text style={textStyle}>
        Your organisation is moving to passkeys: you sign in with your fingerprint, face or screen lock instead of waiting for an email, and a passkey only
        works on this site, so it can’t be phished. It takes a minute.
      </Text>
      <Button href={link} style={buttonStyle}>
        Set up a passkey
      </Button>
      <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all', marginTop: '16px' }}>If the button doesn&apos;t work, open this link: {link}</Text>
      <Text style={textStyle}>You will be asked to sign in first if you aren’t already.</Text>
    </EmailLayout>
  )
}

export function passkeyReminderEmail(props: PasskeyReminderEmailProps): Promise<RenderedEmail> {
  return renderEmail(`Set up a passkey for ${props.appName}`, <PasskeyReminderEmail {...props} />)
}
