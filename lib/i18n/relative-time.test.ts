import { describe, expect, it } from 'vitest'
import { relativeTimeRefreshMs, relativeTimeText } from './relative-time'

const at = new Date('2026-12-06T10:00:00Z')
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000)

describe('relativeTimeText', () => {
  it('counts seconds, then minutes, then hours, in the reader’s language', () => {
    expect(relativeTimeText(at, later(3), 'en')).toBe('3 seconds ago')
    expect(relativeTimeText(at, later(59), 'en')).toBe('59 seconds ago')
    expect(relativeTimeText(at, later(61), 'en')).toBe('1 minute ago')
    expect(relativeTimeText(at, later(2 * 3600 + 5), 'en')).toBe('2 hours ago')
    expect(relativeTimeText(at, later(3), 'de')).toBe('vor 3 Sekunden')
    expect(relativeTimeText(at, later(120), 'ar')).toBe(new Intl.RelativeTimeFormat('ar').format(-2, 'minute'))
  })

  it('is never "now" or in the future, even from a clock a little behind', () => {
    expect(relativeTimeText(at, at, 'en')).toBe('1 second ago')
    expect(relativeTimeText(at, later(-5), 'en')).toBe('1 second ago')
  })
})

describe('relativeTimeRefreshMs', () => {
  it('every second while it counts seconds, then every half minute', () => {
    expect(relativeTimeRefreshMs(at, later(10))).toBe(1_000)
    expect(relativeTimeRefreshMs(at, later(90))).toBe(30_000)
  })
})
