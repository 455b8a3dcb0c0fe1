import { describe, expect, it } from 'vitest'
import { renderEmail } from '../render'
import { securityNoticeEmail, SecurityNotice, type SecurityNoticeProps } from './security-notice'

const notice = (details: [string, string][], overrides: Partial<SecurityNoticeProps> = {}): SecurityNoticeProps => ({
  appName: 'Acme Login',
  title: 'New sign-in to your account',
  summary: 'Your account was signed in to from a browser that hasn’t signed in to it in the last 90 days, with a passkey.',
  details,
  reviewUrl: 'https://login.acme.test/account/activity',
  reviewLabel: 'Review your activity',
  ifNotYou: "If this wasn't you, open your activity & choose “This wasn't me”.",
  activityUrl: 'https://login.acme.test/account/activity',
  optional: true,
  ...overrides,
})

describe('securityNoticeEmail', () => {
  it('writes what rendering the whole notice writes, for every kind of value', async () => {
    const cases: [string, string][][] = [
      [
        ['When', '2026-12-06 05:00 UTC'],
        ['Browser', 'Chrome on Linux'],
        ['IP address', '203.0.113.7'],
      ],
      [
        ['When', '2026-12-06 05:01 UTC'],
        ['Browser', 'Safari <script>alert("x")</script> & \'co\''],
        ['IP address', 'unknown'],
      ],
      [
        ['When', '2026-12-06 05:02 UTC'],
        ['Browser', 'Ünïcødé 浏览器 $1 $& NOTICE'],
        ['IP address', '2001:db8::1'],
      ],
      [
        ['When', ' padded '],
        ['Browser', 'two  spaces\tand a tab'],
        ['IP address', 'line\nbreak'],
      ],
      [
        ['When', 'NOTICESLOT0X'],
        ['Browser', ''],
        ['IP address', '-'],
      ],
    ]
    for (const details of cases) {
      for (const props of [notice(details), notice(details, { optional: false, activityUrl: null, title: 'A passkey was added' })]) {
        expect(await securityNoticeEmail(props)).toEqual(await renderEmail(props.title, <SecurityNotice {...props} />))
      }
    }
  })
})
