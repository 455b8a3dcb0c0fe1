import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'

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

/** The frame every email shares: the app's name on top, a short footer below. */
export function EmailLayout({ appName, preview, children, footer }: { appName: string; preview: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{appName}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: '#e4e4e7', margin: '28px 0 16px' }} />
          <Text style={styles.footer}>{footer ?? `You are receiving this email because an account at ${appName} uses this address.`}</Text>
        </Container>
      </Body>
    </Html>
  )
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
} as const
