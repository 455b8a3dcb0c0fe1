import { Button, Heading, Section, Text } from '@react-email/components'
import type { Translator } from '../../i18n/translator'
import { renderEmail, type RenderedEmail } from '../render'
import { durationIn } from '../words'
import { EmailLayout, LeftToRight, buttonStyle, codeStyle, headingStyle, textStyle } from './layout'

export type SignInEmailProps = {
  appName: string
  /** Null when the account's group does not sign in with codes. */
  code: string | null
  /** Null when the account's group does not sign in with links. */
  link: string | null
  requestedAt: Date
  expiresAt: Date
  /** The browser that asked, in the reader's words ("Chrome on Linux"). */
  requestedFrom: string
}

function SignInEmail({ tr, ...props }: SignInEmailProps & { tr: Translator }) {
  const { t, format } = tr
  const { appName, code, link } = props
  const parts = code && link ? 'both' : code ? 'code' : 'link'
  const validFor = durationIn(tr, props.expiresAt.getTime() - props.requestedAt.getTime())
  return (
    <EmailLayout
      locale={tr.locale}
      appName={appName}
      preview={t('email.signIn.preview', { parts, validFor })}
      footer={t('email.signIn.footer', { parts, appName })}
    >
      <Heading as="h1" style={headingStyle}>
        {t('email.signIn.heading', { appName })}
      </Heading>
      {code ? (
        <>
          <Text style={textStyle}>{t('email.signIn.enterCode')}</Text>
          <Text style={codeStyle}>{code}</Text>
        </>
      ) : null}
      {link ? (
        <>
          <Text style={textStyle}>{code ? t('email.signIn.orButton') : t('email.signIn.button')}</Text>
          <Section style={{ margin: '0 0 20px' }}>
            <Button href={link} style={buttonStyle}>
              {t('email.signIn.buttonLabel', { appName })}
            </Button>
          </Section>
          <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all' }}>
            {t.rich('email.linkFallback', { link, ltr: (chunks) => <LeftToRight>{chunks}</LeftToRight> })}
          </Text>
        </>
      ) : null}
      <Text style={textStyle}>{t('email.signIn.expiry', { parts, validFor, expiresAt: format.dateTime(props.expiresAt, 'clock') })}</Text>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>
        {t('email.signIn.requested', { browser: props.requestedFrom, requestedAt: format.dateTime(props.requestedAt, 'clock') })}
      </Text>
    </EmailLayout>
  )
}

/** The sign-in email with its code and/or link, in `tr`'s language, times in its zone. */
export function signInEmail(tr: Translator, props: SignInEmailProps): Promise<RenderedEmail> {
  return renderEmail(tr.t('email.signIn.subject', { appName: props.appName }), <SignInEmail tr={tr} {...props} />)
}
