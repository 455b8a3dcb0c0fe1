import { Button, Heading, Link, Section, Text } from '@react-email/components'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, buttonStyle, headingStyle, textStyle } from './layout'

export type SecurityNoticeProps = {
  appName: string
  /** e.g. "A passkey was added to your account" */
  title: string
  /** One plain sentence saying what happened. */
  summary: string
  /** Facts as label/value pairs: what, when, which browser. */
  details: [label: string, value: string][]
  /** Where to review the account. */
  reviewUrl: string
  reviewLabel: string
  /** What to do if the user didn't do this. */
  ifNotYou: string
  /** The account's activity page, where every event is listed and can be reported (null once the account is gone). */
  activityUrl: string | null
  /** Only the new-sign-in notice can be switched off; its footer says where. */
  optional?: boolean
}

const detailStyle = { ...textStyle, margin: '0 0 6px' } as const

function SecurityNotice(props: SecurityNoticeProps) {
  return (
    <EmailLayout
      appName={props.appName}
      preview={props.summary}
      footer={
        props.optional
          ? `You get this email when a browser or device we haven't seen in 90 days signs in to ${props.appName}. You can turn it off in your profile.`
          : `You get this email for every change to how you sign in to ${props.appName}; it can't be turned off.`
      }
    >
      <Heading as="h1" style={headingStyle}>
        {props.title}
      </Heading>
      <Text style={textStyle}>{props.summary}</Text>
      <Section style={{ margin: '0 0 20px' }}>
        {props.details.map(([label, value]) => (
          <Text key={label} style={detailStyle}>
            <strong>{label}:</strong> {value}
          </Text>
        ))}
      </Section>
      <Section style={{ margin: '0 0 20px' }}>
        <Button href={props.reviewUrl} style={buttonStyle}>
          {props.reviewLabel}
        </Button>
      </Section>
      <Text style={{ ...textStyle, color: '#52525b', fontSize: '13px' }}>{props.ifNotYou}</Text>
      {props.activityUrl ? (
        <Text style={{ ...textStyle, fontSize: '13px' }}>
          Everything that happened on your account: <Link href={props.activityUrl}>{props.activityUrl}</Link>
        </Text>
      ) : null}
    </EmailLayout>
  )
}

export function securityNoticeEmail(props: SecurityNoticeProps): Promise<RenderedEmail> {
  return renderEmail(props.title, <SecurityNotice {...props} />)
}
