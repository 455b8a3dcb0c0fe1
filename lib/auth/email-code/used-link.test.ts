import { describe, expect, it } from 'vitest'
import { usedLinkView } from './used-link'

describe('usedLinkView', () => {
  it('the account’s owner, signed in here, is told so', () => {
    expect(usedLinkView('ada@example.com', 'ada@example.com')).toBe('already_signed_in')
    expect(usedLinkView('Ada@Example.com', 'ada@example.com')).toBe('already_signed_in')
  })

  it('someone signed in as another account reads what a signed-out browser reads', () => {
    expect(usedLinkView('ada@example.com', 'grace@example.com')).toBe('unusable')
    expect(usedLinkView('ada@example.com', null)).toBe('unusable')
    expect(usedLinkView(undefined, 'ada@example.com')).toBe('unusable')
  })
})
