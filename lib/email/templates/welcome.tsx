import { Button, Heading, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, headingStyle, textStyle } from './layout'

export type WelcomeEmailProps = { appName: string; appUrl: string; displayName: string | null }

function WelcomeEmail({ appName, appUrl, displayName }: WelcomeEmailProps) {
  const signInUrl = `${appUrl}/sign-in`
  return (
    <EmailLayout appName={appName} preview={`Your ${appName} account is ready`}>
      <Heading as="h1" style={headingStyle}>
        {displayName ? `Welcome, ${displayName}` : 'Welcome'}
      </Heading>
      <Text style={textStyle}>
        Your {appName} account is ready. You sign in without a password: with a passkey on your device, or with a code we email you.
      </Text>
      <Button href={signInUrl} style={buttonStyle}>
        Sign in to {appName}
      </Button>
      <Text style={{ ...textStyle, marginTop: '16px' }}>Or open this address: {signInUrl}</Text>
    </EmailLayout>
  )
}

export function welcomeEmail(props: WelcomeEmailProps): Promise<RenderedEmail> {
  return renderEmail(`Welcome to ${props.appName}`, <WelcomeEmail {...props} />)
}
