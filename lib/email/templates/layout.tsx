import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'
import { textDirection, type Locale } from '../../i18n/locales'

const styles = {
  body: {
    backgroundColor: '#f4f4f5',
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
    margin: 0,
    padding: '24px 0',
  },
  container: { backgroundColor: '#ffffff', borderRadius: '12px', margin: '0 auto', maxWidth: '520px', padding: '32px' },
  brand: { color: '#4338ca', fontSize: '15px', fontWeight: 700, letterSpacing: '0.02em', margin: '0 0 24px' },
  footer: { color: '#71717a', fontSize: '12px', lineHeight: '18px', margin: 0 },
} as const

/**
 * The frame every email shares: the app's name on top, a short footer below,
 * in the reader's language (`lang`) and direction. Mail clients honour `dir`
 * unevenly, so a right-to-left email also aligns its text to the right in
 * the styles the clients do keep.
 */
export function EmailLayout({
  locale,
  appName,
  preview,
  children,
  footer,
}: {
  locale: Locale
  appName: string
  preview: string
  children: ReactNode
  footer: ReactNode
}) {
  const dir = textDirection(locale)
  const align = { direction: dir, textAlign: dir === 'rtl' ? 'right' : 'left' } as const
  return (
    <Html lang={locale} dir={dir}>
      <Head />
      <Preview>{preview}</Preview>
      <Body dir={dir} style={{ ...styles.body, ...align }}>
        <Container dir={dir} style={{ ...styles.container, ...align }}>
          <Text style={styles.brand}>{appName}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: '#e4e4e7', margin: '28px 0 16px' }} />
          <Text style={styles.footer}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  )
}

/** Text that reads left to right whatever the email's direction: links and codes. */
export function LeftToRight({ children }: { children: ReactNode }) {
  return <span dir="ltr">{children}</span>
}

export const textStyle = { color: '#18181b', fontSize: '15px', lineHeight: '24px', margin: '0 0 16px' } as const
export const headingStyle = { color: '#18181b', fontSize: '22px', fontWeight: 700, lineHeight: '30px', margin: '0 0 16px' } as const
export const buttonStyle = {
  backgroundColor: '#4338ca',
  borderRadius: '8px',
  color: '#ffffff',
  display: 'inline-block',
  fontSize: '15px',
  fontWeight: 600,
  padding: '12px 20px',
  textDecoration: 'none',
} as const

/** A one-time code, large and spaced for reading. */
export const codeStyle = {
  backgroundColor: '#f4f4f5',
  borderRadius: '8px',
  color: '#18181b',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: '34px',
  fontWeight: 700,
  letterSpacing: '0.3em',
  margin: '0 0 20px',
  padding: '14px 0',
  textAlign: 'center',
  direction: 'ltr',
} as const
