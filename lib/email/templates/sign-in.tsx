import { Button, Heading, Section, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, codeStyle, headingStyle, textStyle } from './layout'

export type SignInEmailProps = {
  appName: string
  code: string
  link: string
  /** e.g. "10 minutes" */
  validFor: string
  /** e.g. "14:32 (Europe/Paris)" */
  expiresAt: string
  /** e.g. "Chrome on Linux" */
  requestedFrom: string
  /** e.g. "14:22 (Europe/Paris)" */
  requestedAt: string
}

function SignInEmail(props: SignInEmailProps) {
  const { appName, code, link } = props
  return (
    <EmailLayout
      appName={appName}
      preview={`Your sign-in code and link, valid for ${props.validFor}`}
      footer={`Nobody can sign in without this code or link, and both expire by themselves. ${appName} will never ask you to read them out or forward them.`}
    >
      <Heading as="h1" style={headingStyle}>
        Sign in to {appName}
      </Heading>
      <Text style={textStyle}>Enter this code on the sign-in page:</Text>
      <Text style={codeStyle}>{code}</Text>
      <Text style={textStyle}>Or sign in with this button:</Text>
      <Section style={{ margin: '0 0 20px' }}>
        <Button href={link} style={buttonStyle}>
          Sign in to {appName}
        </Button>
      </Section>
      <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all' }}>If the button doesn&apos;t work, open this link: {link}</Text>
      <Text style={textStyle}>{`The code and the link expire in ${props.validFor}, at ${props.expiresAt}, and work once.`}</Text>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>
        {`Requested from ${props.requestedFrom} at about ${props.requestedAt}. If this wasn't you, ignore this email.`}
      </Text>
    </EmailLayout>
  )
}

export function signInEmail(props: SignInEmailProps): Promise<RenderedEmail> {
  return renderEmail(`Sign in to ${props.appName}`, <SignInEmail {...props} />)
}
