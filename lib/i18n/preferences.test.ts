import { describe, expect, it } from 'vitest'
import { preferencesFromHeaders, recipientPreferences } from './preferences'

const headers =
  (values: Record<string, string>) =>
  (name: string): string | null =>
    values[name] ?? null

describe('preferencesFromHeaders', () => {
  it('reads the switcher’s cookie before Accept-Language, and the browser’s zone cookie', () => {
    expect(preferencesFromHeaders(headers({ cookie: 'locale=ar; tz=Europe%2FBerlin', 'accept-language': 'de' }))).toEqual({
      locale: 'ar',
      timeZone: 'Europe/Berlin',
    })
    expect(preferencesFromHeaders(headers({ 'accept-language': 'de-CH' }))).toEqual({ locale: 'de', timeZone: 'UTC' })
  })

  it('puts a saved choice first', () => {
    const saved = { locale: 'de', timeZone: 'America/New_York' }
    expect(preferencesFromHeaders(headers({ cookie: 'locale=ar; tz=Europe%2FBerlin', 'accept-language': 'en' }), saved)).toEqual({
      locale: 'de',
      timeZone: 'America/New_York',
    })
  })

  it('takes nothing odd from cookies', () => {
    expect(preferencesFromHeaders(headers({ cookie: 'locale=xx; tz=%E0%A4%A' }))).toEqual({ locale: 'en', timeZone: 'UTC' })
  })
})

describe('recipientPreferences: whose language a notice is written in', () => {
  const request = { preferences: { locale: 'en' as const, timeZone: 'Europe/Berlin' } }

  it('the recipient’s saved choice, even when an English browser caused it', () => {
    expect(recipientPreferences({ locale: 'de', timeZone: 'America/New_York' }, request, true)).toEqual({ locale: 'de', timeZone: 'America/New_York' })
  })

  it('the request’s when the recipient made it and saved nothing', () => {
    expect(recipientPreferences({ locale: null, timeZone: null }, { preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } }, true)).toEqual({
      locale: 'ar',
      timeZone: 'Asia/Dubai',
    })
  })

  it('never someone else’s browser: an administrator’s request gives the organisation’s default', () => {
    expect(recipientPreferences({ locale: null, timeZone: null }, { preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } }, false)).toEqual({
      locale: 'en',
      timeZone: 'UTC',
    })
  })
})
