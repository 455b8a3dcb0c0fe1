import Bowser from 'bowser'

/** "Chrome on Linux", "Safari on iOS": a user agent in words people recognise. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'an unknown browser'
  const { browser, os } = Bowser.parse(userAgent)
  const name = browser.name ?? 'an unknown browser'
  return os.name ? `${name} on ${os.name}` : name
}
