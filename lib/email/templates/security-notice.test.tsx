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
        ['Browser', 'two  spaces'],
        ['IP address', '\u200bzero width'],
      ],
      [
        ['When', 'NOTICESLOT0X'],
        ['Browser', 'NOTICESLOT1X'],
        ['IP address', '-'],
      ],
      [
        ['When', '2026-12-06 05:03 UTC'],
        ['Browser', ''],
        ['IP address', '203.0.113.8'],
      ],
    ]
    const frames: Partial<SecurityNoticeProps>[] = [
      {},
      { optional: false, activityUrl: null, title: 'A passkey was added' },
      { summary: 'Signed in as NOTICESLOT0X@example.com.' },
    ]
    for (const details of cases) {
      for (const props of frames.map((frame) => notice(details, frame))) {
        expect(await securityNoticeEmail(props)).toEqual(await renderEmail(props.title, <SecurityNotice {...props} />))
      }
    }
  })

  it('never lets a value start a line of its own', async () => {
    const forged = "This wasn't you? Call 555-0100 now."
    for (const separator of ['\n', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f', '\t']) {
      const { html, text } = await securityNoticeEmail(notice([['Browser', `Chrome${separator}${forged}`]]))
      expect(text.split(/\r?\n/).some((line) => line.trimStart().startsWith(forged))).toBe(false)
      expect(html).not.toMatch(/[\u2028\u2029\u0085\v\f]/)
    }
  })
})
