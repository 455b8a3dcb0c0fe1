import { describe, expect, it } from 'vitest'
import { chooseTimeZone } from '../time-zone'
import { chooseLocale, negotiateLocale } from './negotiate'

describe('negotiateLocale: Accept-Language to a shipped locale', () => {
  it('takes the highest-weighted range the portal speaks, by its primary subtag', () => {
    expect(negotiateLocale('de-AT,de;q=0.9,en;q=0.8')).toBe('de')
    expect(negotiateLocale('fr-FR,fr;q=0.9,ar-EG;q=0.8,en;q=0.7')).toBe('ar')
    expect(negotiateLocale('en;q=0.5, de;q=0.9')).toBe('de')
    expect(negotiateLocale('*')).toBeNull()
    expect(negotiateLocale('fr, ja')).toBeNull()
  })

  it('skips ranges with q=0 and keeps header order between equal weights', () => {
    expect(negotiateLocale('de;q=0, ar')).toBe('ar')
    expect(negotiateLocale('ar, de')).toBe('ar')
  })

  it('offers the pseudo-locale only when it is on', () => {
    expect(negotiateLocale('en-XA', true)).toBe('en-XA')
    expect(negotiateLocale('en-XA', false)).toBe('en')
  })

  it('survives whatever a sender puts in the header', () => {
    expect(negotiateLocale('')).toBeNull()
    expect(negotiateLocale(null)).toBeNull()
    expect(negotiateLocale(';;;,,,q=abc')).toBeNull()
    expect(negotiateLocale(`${'x,'.repeat(10_000)}de`)).toBeNull()
  })
})

describe('chooseLocale: saved, then picked, then the browser, then the organisation', () => {
  it('follows the order', () => {
    expect(chooseLocale({ saved: 'ar', picked: 'de', acceptLanguage: 'en', fallback: 'en' })).toBe('ar')
    expect(chooseLocale({ saved: null, picked: 'de', acceptLanguage: 'ar', fallback: 'en' })).toBe('de')
    expect(chooseLocale({ saved: null, picked: null, acceptLanguage: 'ar', fallback: 'en' })).toBe('ar')
    expect(chooseLocale({ fallback: 'de' })).toBe('de')
  })

  it('ignores values it does not ship, and the pseudo-locale unless it is on', () => {
    expect(chooseLocale({ saved: 'fr', picked: '<script>', acceptLanguage: 'fr', fallback: 'en' })).toBe('en')
    expect(chooseLocale({ picked: 'en-XA', fallback: 'de' })).toBe('de')
    expect(chooseLocale({ picked: 'en-XA', fallback: 'de', pseudo: true })).toBe('en-XA')
  })
})

describe('chooseTimeZone: saved, then the browser, then the organisation', () => {
  it('follows the order and drops zones the runtime does not know', () => {
    expect(chooseTimeZone({ saved: 'America/New_York', browser: 'Europe/Berlin', fallback: 'UTC' })).toBe('America/New_York')
    expect(chooseTimeZone({ saved: null, browser: 'Europe/Berlin', fallback: 'UTC' })).toBe('Europe/Berlin')
    expect(chooseTimeZone({ saved: 'Mars/Olympus', browser: 'nowhere', fallback: 'Asia/Tokyo' })).toBe('Asia/Tokyo')
    expect(chooseTimeZone({ saved: 'UTC', browser: 'Europe/Berlin', fallback: 'Asia/Tokyo' })).toBe('UTC')
  })
})
