import { describe, expect, it } from 'vitest'
import { renderEmail } from '../render'
import { securityNoticeEmail, SecurityNotice, type SecurityNoticeProps } from './security-notice'

const notice = (details: [string, string][], overrides: Partial<SecurityNoticeProps> = {}): SecurityNoticeProps => ({
  locale: 'en',
  appName: 'Acme Login',
  title: 'New sign-in to your account',
  summary: 'Your account was signed in to from a browser that hasn’t signed in to it in the last 90 days, with a passkey.',
  details,
  reviewUrl: 'https://login.acme.test/account/activity',
  reviewLabel: 'Review your activity',
  ifNotYou: "If this wasn't you, open your activity & choose “This wasn't me”.",
  activity: { label: 'Everything that happened on your account:', url: 'https://login.acme.test/account/activity' },
  footer: 'You get this email when a browser or device we haven’t seen in 90 days signs in to Acme Login. You can turn it off in your profile.',
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
      { footer: 'You get this email for every change to how you sign in to Acme Login.', activity: null, title: 'A passkey was added' },
      { summary: 'Signed in as NOTICESLOT0X@example.com.' },
      { locale: 'ar', title: 'أُضيف مفتاح مرور إلى حسابك', summary: 'يمكن الآن لمفتاح المرور «Phone» تسجيل الدخول إلى حسابك.' },
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

  it('keeps each language its own frame: the same notice in two languages renders twice, each with its lang and direction', async () => {
    const details: [string, string][] = [['When', '2026-12-06 05:00 UTC']]
    const english = await securityNoticeEmail(notice(details, { title: 'Frame test' }))
    const arabic = await securityNoticeEmail(notice(details, { title: 'Frame test', locale: 'ar' }))
    expect(english.html).toMatch(/<html[^>]*\blang="en"/)
    expect(english.html).toMatch(/<html[^>]*\bdir="ltr"/)
    expect(arabic.html).toMatch(/<html[^>]*\blang="ar"/)
    expect(arabic.html).toMatch(/<html[^>]*\bdir="rtl"/)
    expect(arabic.html).toMatch(/<body[^>]*\bdir="rtl"/)
    expect(arabic.html).toContain('text-align:right')
    expect(arabic.html).not.toContain('text-align:left')
    expect(english.html).toContain('text-align:left')
  })
})
