import { Button, Heading, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, headingStyle, textStyle } from './layout'

export type InvitationEmailProps = { appName: string; link: string; validFor: string; expiresAt: string }

function InvitationEmail({ appName, link, validFor, expiresAt }: InvitationEmailProps) {
  return (
    <EmailLayout
      appName={appName}
      preview={`You are invited to ${appName}`}
      footer={`This link works once, for ${validFor}. ${appName} will never ask you to forward it or read it out.`}
    >
      <Heading as="h1" style={headingStyle}>
        You are invited to {appName}
      </Heading>
      <Text style={textStyle}>Your organisation set up an account for you. You sign in without a password, with a passkey on your device.</Text>
      <Button href={link} style={buttonStyle}>
        Accept the invitation
      </Button>
      <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all', marginTop: '16px' }}>If the button doesn&apos;t work, open this link: {link}</Text>
      <Text style={textStyle}>{`It expires in ${validFor}, at ${expiresAt}. If you weren't expecting it, ignore this email.`}</Text>
    </EmailLayout>
  )
}

export function invitationEmail(props: InvitationEmailProps): Promise<RenderedEmail> {
  return renderEmail(`You are invited to ${props.appName}`, <InvitationEmail {...props} />)
}
