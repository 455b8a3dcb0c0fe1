import { Button, Heading, Link, Section, Text } from '@react-email/components'
import type { Locale } from '../../i18n/locales'
import { renderEmail, type RenderedEmail } from '../render'
import { EmailLayout, LeftToRight, buttonStyle, headingStyle, textStyle } from './layout'

/**
 * A security notice as the outbox keeps it: every word already written in
 * the recipient's language and every time in their zone
 * (lib/notices/delivery.ts), so sending it later needs nothing else.
 */
export type SecurityNoticeProps = {
  /** The recipient's language: the email's lang and direction. */
  locale: Locale
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
  /** The account's activity page, where every event is listed and can be reported, with the words that lead to it (null once the account is gone). */
  activity: { label: string; url: string } | null
  /** Why this email came, and whether it can be turned off. */
  footer: string
}

const detailStyle = { ...textStyle, margin: '0 0 6px' } as const

export function SecurityNotice(props: SecurityNoticeProps) {
  return (
    <EmailLayout locale={props.locale} appName={props.appName} preview={props.summary} footer={props.footer}>
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
      {props.activity ? (
        <Text style={{ ...textStyle, fontSize: '13px' }}>
          {props.activity.label}{' '}
          <LeftToRight>
            <Link href={props.activity.url}>{props.activity.url}</Link>
          </LeftToRight>
        </Text>
      ) : null}
    </EmailLayout>
  )
}

/**
 * A notice's frame (everything but its details' values) is the same for every
 * notice of a kind in one language, and rendering it, HTML and text, is most
 * of a notice's cost (some 1 ms, 9 % of a passkey sign-in from a new
 * browser). Frames are rendered once with a slot for each value, and each
 * notice fills the slots: escaped as React escapes text in the HTML, as the
 * text converter reads it in the text. A frame is known by all of its text,
 * its language included, so a notice in German never gets an English frame.
 * A value with whitespace the converter would collapse is rendered in full
 * instead. The output is the same either way (security-notice.test.tsx).
 */
const frames = new Map<string, Promise<RenderedEmail>>()
const MAX_FRAMES = 128
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
