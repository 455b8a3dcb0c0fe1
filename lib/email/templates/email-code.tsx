import { Heading, Text } from '@react-email/components'
import type { Translator } from '../../i18n/translator'
import { renderEmail, type RenderedEmail } from '../render'
import { durationIn } from '../words'
import { EmailLayout, codeStyle, headingStyle, textStyle } from './layout'

export type EmailCodePurpose = 'step_up' | 'backup_email' | 'recovery' | 'email_change'

export type EmailCodeProps = {
  purpose: EmailCodePurpose
  appName: string
  code: string
  requestedAt: Date
  expiresAt: Date
  /** The browser that asked, in the reader's words ("Chrome on Linux"). */
  requestedFrom: string
}

/** What each purpose's email says (subject, heading, where the code goes, what to do if it wasn't you), under email.emailCode. */
const WORDING = { step_up: 'stepUp', backup_email: 'backupEmail', email_change: 'emailChange', recovery: 'recovery' } as const

function wording({ t }: Translator, purpose: EmailCodePurpose, appName: string) {
  const key = WORDING[purpose]
  return {
    subject: t(`email.emailCode.${key}.subject`, { appName }),
    heading: t(`email.emailCode.${key}.heading`),
    intro: t(`email.emailCode.${key}.intro`, { appName }),
    notYou: t(`email.emailCode.${key}.notYou`),
  }
}

function EmailCode({ tr, ...props }: EmailCodeProps & { tr: Translator }) {
  const { t, format } = tr
  const text = wording(tr, props.purpose, props.appName)
  const validFor = durationIn(tr, props.expiresAt.getTime() - props.requestedAt.getTime())
  return (
    <EmailLayout
      locale={tr.locale}
      appName={props.appName}
      preview={t('email.emailCode.preview', { validFor })}
      footer={t('email.emailCode.footer', { appName: props.appName })}
    >
      <Heading as="h1" style={headingStyle}>
        {text.heading}
      </Heading>
      <Text style={textStyle}>{text.intro}</Text>
      <Text style={codeStyle}>{props.code}</Text>
      <Text style={textStyle}>{t('email.emailCode.expiry', { validFor, expiresAt: format.dateTime(props.expiresAt, 'clock') })}</Text>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>
        {`${t('email.emailCode.requested', { browser: props.requestedFrom, requestedAt: format.dateTime(props.requestedAt, 'clock') })} ${text.notYou}`}
      </Text>
    </EmailLayout>
  )
}

/** An email with a code for something other than signing in, in `tr`'s language, times in its zone. */
export function emailCodeEmail(tr: Translator, props: EmailCodeProps): Promise<RenderedEmail> {
  return renderEmail(wording(tr, props.purpose, props.appName).subject, <EmailCode tr={tr} {...props} />)
}
