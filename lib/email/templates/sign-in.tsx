import { Button, Heading, Section, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, codeStyle, headingStyle, textStyle } from './layout'

export type SignInEmailProps = {
  appName: string
  /** Null when the account's group does not sign in with codes. */
  code: string | null
  /** Null when the account's group does not sign in with links. */
  link: string | null
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
  const what = code && link ? 'code and the link' : code ? 'code' : 'link'
  return (
    <EmailLayout
      appName={appName}
      preview={`Your sign-in ${code && link ? 'code and link' : what}, valid for ${props.validFor}`}
      footer={
        code && link
          ? `Nobody can sign in without this code or link, and both expire by themselves. ${appName} will never ask you to read them out or forward them.`
          : `Nobody can sign in without this ${what}, and it expires by itself. ${appName} will never ask you to read it out or forward it.`
      }
    >
      <Heading as="h1" style={headingStyle}>
        Sign in to {appName}
      </Heading>
      {code ? (
        <>
          <Text style={textStyle}>Enter this code on the sign-in page:</Text>
          <Text style={codeStyle}>{code}</Text>
        </>
      ) : null}
      {link ? (
        <>
          <Text style={textStyle}>{code ? 'Or sign in with this button:' : 'Sign in with this button:'}</Text>
          <Section style={{ margin: '0 0 20px' }}>
            <Button href={link} style={buttonStyle}>
              Sign in to {appName}
            </Button>
          </Section>
          <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all' }}>If the button doesn&apos;t work, open this link: {link}</Text>
        </>
      ) : null}
      <Text
        style={textStyle}
      >{`The ${what} ${code && link ? 'expire' : 'expires'} in ${props.validFor}, at ${props.expiresAt}, and ${code && link ? 'work' : 'works'} once.`}</Text>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>
        {`Requested from ${props.requestedFrom} at about ${props.requestedAt}. If this wasn't you, ignore this email.`}
      </Text>
    </EmailLayout>
  )
}

export function signInEmail(props: SignInEmailProps): Promise<RenderedEmail> {
  return renderEmail(`Sign in to ${props.appName}`, <SignInEmail {...props} />)
}
