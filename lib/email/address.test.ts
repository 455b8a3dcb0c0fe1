import { describe, expect, it } from 'vitest'
import { asciiDomainAddress, maskEmailAddress, normalizeEmailAddress } from './address'

describe('normalizeEmailAddress', () => {
  it('trims, applies NFKC and lower-cases both parts', () => {
    expect(normalizeEmailAddress('  Jane.Doe@Example.COM ')).toEqual({ ok: true, email: 'jane.doe@example.com' })
    // NFKC folds compatibility forms (here a fullwidth "Ａ" and the "ﬁ" ligature).
    expect(normalizeEmailAddress('Ａda@ﬁrm.example')).toEqual({ ok: true, email: 'ada@firm.example' })
    expect(normalizeEmailAddress('josé@exämple.de')).toEqual({ ok: true, email: 'josé@exämple.de' })
  })

  it('gives an internationalised domain one canonical form (UTS #46), readable as typed', () => {
    const forms = ['x@exämple.com', 'x@xn--exmple-cua.com', 'X@EXÄMPLE.COM', 'x@exa\u0308mple.com', 'x@XN--EXMPLE-CUA.com']
    for (const form of forms) expect(normalizeEmailAddress(form), form).toEqual({ ok: true, email: 'x@exämple.com' })
    // Non-transitional processing keeps ß (faß.de and fass.de are different domains).
    expect(normalizeEmailAddress('a@faß.de')).toEqual({ ok: true, email: 'a@faß.de' })
    expect(asciiDomainAddress('x@exämple.com')).toBe('x@xn--exmple-cua.com')
  })

  it.each([
    ['x@xn--a.com', 'email_invalid'],
    // 229 characters as typed, 292 in the ASCII form mail servers see.
    [`x@${Array.from({ length: 9 }, () => 'äb'.repeat(12)).join('.')}.de`, 'email_too_long'],
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
