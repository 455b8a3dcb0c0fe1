import { describe, expect, it } from 'vitest'
import { maskEmailAddress, normalizeEmailAddress } from './email-address'

describe('normalizeEmailAddress', () => {
  it('trims, applies NFKC and lower-cases both parts', () => {
    expect(normalizeEmailAddress('  Jane.Doe@Example.COM ')).toEqual({ ok: true, email: 'jane.doe@example.com' })
    // NFKC folds compatibility forms (here a fullwidth "Ａ" and the "ﬁ" ligature).
    expect(normalizeEmailAddress('Ａda@ﬁrm.example')).toEqual({ ok: true, email: 'ada@firm.example' })
    expect(normalizeEmailAddress('josé@exämple.de')).toEqual({ ok: true, email: 'josé@exämple.de' })
  })

  it.each([
    ['', 'email_required'],
    ['   ', 'email_required'],
    ['no-at-sign.example.com', 'email_at_sign'],
    ['two@at@example.com', 'email_at_sign'],
    ['fullwidth＠example.com', 'email_at_sign'],
    [`${'a'.repeat(290)}@example.com`, 'email_too_long'],
    ['tab\there@example.com', 'email_characters'],
    ['nul\u0000@example.com', 'email_characters'],
    ['"quoted"@example.com', 'email_characters'],
    ['space in@example.com', 'email_invalid'],
    ['dots..twice@example.com', 'email_invalid'],
    ['user@localhost', 'email_invalid'],
    ['user@-bad-.example', 'email_invalid'],
  ])('refuses %j with %s', (input, error) => {
    expect(normalizeEmailAddress(input)).toEqual({ ok: false, error })
  })
})

describe('maskEmailAddress', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmailAddress('jane@example.com')).toBe('j•••@example.com')
  })
})
