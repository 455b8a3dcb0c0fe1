import { describe, expect, it } from 'vitest'
import { describeUserAgent, userAgentParts } from './user-agent'

describe('describeUserAgent', () => {
  it('names browsers and systems the parser knows', () => {
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome on Linux')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS')
    expect(describeUserAgent(null)).toBe('an unknown browser')
    expect(userAgentParts('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toEqual({
      browser: 'Chrome',
      system: 'Linux',
    })
    expect(userAgentParts(undefined)).toEqual({ browser: null, system: null })
  })

  it('never repeats text a client chose: what the parser does not recognise is "an unknown browser"', () => {
    const hostile = [
      'Your company IT desk (ticket 4471) - press Approve to keep your account active/1.0',
      'IT-Desk-press-Approve/1.0 (Windows NT 10.0)',
      'Approve-now/2.0',
      '<b>Support</b>/1.0',
    ]
    for (const userAgent of hostile) {
      const described = describeUserAgent(userAgent)
      expect(described, userAgent).toMatch(/^an unknown browser( on Windows)?$/)
      expect(userAgentParts(userAgent).browser, userAgent).toBeNull()
    }
  })
})
