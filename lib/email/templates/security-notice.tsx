import { Button, Heading, Section, Text } from '@react-email/components'
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
}

const detailStyle = { ...textStyle, margin: '0 0 6px' } as const

function SecurityNotice(props: SecurityNoticeProps) {
  return (
    <EmailLayout
      appName={props.appName}
      preview={props.summary}
      footer={`You get this email for every change to how you sign in to ${props.appName}; it can't be turned off.`}
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
    </EmailLayout>
  )
}

export function securityNoticeEmail(props: SecurityNoticeProps): Promise<RenderedEmail> {
  return renderEmail(props.title, <SecurityNotice {...props} />)
}
