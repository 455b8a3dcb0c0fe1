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

export function SecurityNotice(props: SecurityNoticeProps) {
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

/**
 * A notice's frame (everything but its details' values) is the same for every
 * notice of a kind, and rendering it, HTML and text, is most of a notice's
 * cost (some 1 ms, 9 % of a passkey sign-in from a new browser). Frames are
 * rendered once with a slot for each value, and each notice fills the slots:
 * escaped as React escapes text in the HTML, as the text converter reads it
 * in the text. A value with whitespace the converter would collapse is
 * rendered in full instead. The output is the same either way
 * (security-notice.test.tsx).
 */
const frames = new Map<string, Promise<RenderedEmail>>()
const MAX_FRAMES = 64
const SLOT = /NOTICESLOT(\d+)X/g
const slot = (index: number) => `NOTICESLOT${index}X`
const REACT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }
const escapeText = (value: string) => value.replace(/[&<>"']/g, (character) => REACT_ESCAPES[character]!)
/** What html-to-text collapses or trims (its whitespace characters), beyond one space between words. */
const UNSETTLED_WHITESPACE = /^[ \t\r\n\f\u200b]|[ \t\r\n\f\u200b]$|[\t\r\n\f\u200b]| {2}/

/** Control characters and Unicode line and paragraph separators, which some mail clients show as line breaks: a value never starts a line of its own. */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

export async function securityNoticeEmail(notice: SecurityNoticeProps): Promise<RenderedEmail> {
  const props: SecurityNoticeProps = { ...notice, details: notice.details.map(([label, value]) => [label, value.replace(LINE_BREAKING, ' ')]) }
  const values = props.details.map(([, value]) => value)
  // The full render whenever slots could be misread: a value the converter would reshape, an empty one, or the slot's token anywhere in the notice.
  if (values.some((value) => value === '' || UNSETTLED_WHITESPACE.test(value)) || JSON.stringify(props).includes('NOTICESLOT'))
    return renderEmail(props.title, <SecurityNotice {...props} />)
  const framed: SecurityNoticeProps = { ...props, details: props.details.map(([label], index) => [label, slot(index)]) }
  const key = JSON.stringify(framed)
  let frame = frames.get(key)
  if (!frame) {
    if (frames.size >= MAX_FRAMES) frames.clear()
    frame = renderEmail(props.title, <SecurityNotice {...framed} />)
    frames.set(key, frame)
    frame.catch(() => frames.delete(key))
  }
  const { subject, html, text } = await frame
  const fill = (template: string, encode: (value: string) => string) => template.replace(SLOT, (_, index: string) => encode(values[Number(index)]!))
  return { subject, html: fill(html, escapeText), text: fill(text, (value) => value) }
}
