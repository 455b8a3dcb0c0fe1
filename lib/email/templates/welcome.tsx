import { Button, Heading, Text } from '@react-email/components'
import type { Translator } from '../../i18n/translator'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, LeftToRight, buttonStyle, headingStyle, textStyle } from './layout'

export type WelcomeEmailProps = { appName: string; appUrl: string; displayName: string | null }

function WelcomeEmail({ tr: { t, locale }, appName, appUrl, displayName }: WelcomeEmailProps & { tr: Translator }) {
  const signInUrl = `${appUrl}/sign-in`
  return (
    <EmailLayout locale={locale} appName={appName} preview={t('email.welcome.preview', { appName })} footer={t('email.layout.footer', { appName })}>
      <Heading as="h1" style={headingStyle}>
        {displayName ? t('email.welcome.headingNamed', { name: displayName }) : t('email.welcome.heading')}
      </Heading>
      <Text style={textStyle}>{t('email.welcome.intro', { appName })}</Text>
      <Button href={signInUrl} style={buttonStyle}>
        {t('email.welcome.button', { appName })}
      </Button>
      <Text style={{ ...textStyle, marginTop: '16px' }}>
        {t.rich('email.welcome.address', { url: signInUrl, ltr: (chunks) => <LeftToRight>{chunks}</LeftToRight> })}
      </Text>
    </EmailLayout>
  )
}

/** The welcome to a new account, in `tr`'s language. */
export function welcomeEmail(tr: Translator, props: WelcomeEmailProps): Promise<RenderedEmail> {
  return renderEmail(tr.t('email.welcome.subject', { appName: props.appName }), <WelcomeEmail tr={tr} {...props} />)
}
