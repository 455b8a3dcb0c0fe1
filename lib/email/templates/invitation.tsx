import { Button, Heading, Text } from '@react-email/components'
import type { Translator } from '../../i18n/translator'
import { renderEmail, type RenderedEmail } from '../render'
import { durationIn } from '../words'
import { EmailLayout, LeftToRight, buttonStyle, headingStyle, textStyle } from './layout'

export type InvitationEmailProps = { appName: string; link: string; sentAt: Date; expiresAt: Date }

function InvitationEmail({ tr, appName, link, sentAt, expiresAt }: InvitationEmailProps & { tr: Translator }) {
  const { t, format } = tr
  const validFor = durationIn(tr, expiresAt.getTime() - sentAt.getTime())
  return (
    <EmailLayout
      locale={tr.locale}
      appName={appName}
      preview={t('email.invitation.preview', { appName })}
      footer={t('email.invitation.footer', { appName, validFor })}
    >
      <Heading as="h1" style={headingStyle}>
        {t('email.invitation.heading', { appName })}
      </Heading>
      <Text style={textStyle}>{t('email.invitation.intro')}</Text>
      <Button href={link} style={buttonStyle}>
        {t('email.invitation.button')}
      </Button>
      <Text style={{ ...textStyle, fontSize: '13px', wordBreak: 'break-all', marginTop: '16px' }}>
        {t.rich('email.linkFallback', { link, ltr: (chunks) => <LeftToRight>{chunks}</LeftToRight> })}
      </Text>
      <Text style={textStyle}>{t('email.invitation.expiry', { validFor, expiresAt: format.dateTime(expiresAt, 'time') })}</Text>
    </EmailLayout>
  )
}

/** The invitation with its single-use link, in `tr`'s language; its expiry in `tr`'s zone, named. */
export function invitationEmail(tr: Translator, props: InvitationEmailProps): Promise<RenderedEmail> {
  return renderEmail(tr.t('email.invitation.subject', { appName: props.appName }), <InvitationEmail tr={tr} {...props} />)
}
