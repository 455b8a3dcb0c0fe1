import { Button, Heading, Text } from '@react-email/components'
import type { Translator } from '../../i18n/translator'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, LeftToRight, buttonStyle, headingStyle, textStyle } from './layout'

export type PasskeyReminderEmailProps = { appName: string; link: string }

function PasskeyReminderEmail({ tr: { t, locale }, appName, link }: PasskeyReminderEmailProps & { tr: Translator }) {
  return (
    <EmailLayout
      locale={locale}
      appName={appName}
      preview={t('email.passkeyReminder.preview', { appName })}
      footer={t('email.passkeyReminder.footer', { appName })}
    >
      <Heading as="h1" style={headingStyle}>
        {t('email.passkeyReminder.heading', { appName })}
      </Heading>
      <Text style={textStyle}>{t('email.passkeyReminder.intro')}</Text>
      <Button href={link} style={buttonStyle}>
        {t('email.passkeyReminder.button')}
      </Button>
      <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all', marginTop: '16px' }}>
        {t.rich('email.linkFallback', { link, ltr: (chunks) => <LeftToRight>{chunks}</LeftToRight> })}
      </Text>
      <Text style={textStyle}>{t('email.passkeyReminder.signInFirst')}</Text>
    </EmailLayout>
  )
}

/** The reminder to set up a passkey, in `tr`'s language. */
export function passkeyReminderEmail(tr: Translator, props: PasskeyReminderEmailProps): Promise<RenderedEmail> {
  return renderEmail(tr.t('email.passkeyReminder.subject', { appName: props.appName }), <PasskeyReminderEmail tr={tr} {...props} />)
}
