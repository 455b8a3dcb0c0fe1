import { describe, expect, it } from 'vitest'
import { deviceBadge, providerLine } from './list-wording'

describe('providerLine', () => {
  it('names the provider under a name of the person’s own', () => {
    expect(providerLine('Work phone', 'Google Password Manager', 'Passkey')).toBe('Google Password Manager')
    expect(providerLine('Chrome on Linux', null, 'Passkey')).toBe('Passkey')
  })

  it('says nothing when the name is the provider’s, numbered or not, in any case', () => {
    expect(providerLine('Apple Passwords', 'Apple Passwords', 'Passkey')).toBeNull()
    expect(providerLine('Apple Passwords 2', 'Apple Passwords', 'Passkey')).toBeNull()
    expect(providerLine('apple passwords', 'Apple Passwords', 'Passkey')).toBeNull()
    expect(providerLine('Passkey', null, 'Passkey')).toBeNull()
    expect(providerLine('Hauptschlüssel 3', null, 'Hauptschlüssel')).toBeNull()
  })

  it('a name that only starts like the provider keeps the provider line', () => {
    expect(providerLine('Apple Passwords on my Mac', 'Apple Passwords', 'Passkey')).toBe('Apple Passwords')
  })
})

describe('deviceBadge', () => {
  it('a passkey this browser knows and never used was added here', () => {
    expect(deviceBadge(true, null)).toBe('addedHere')
  })

  it('one used since may have been used anywhere: added or used here', () => {
    expect(deviceBadge(true, new Date())).toBe('addedOrUsedHere')
  })

  it('no badge for a passkey this browser never saw', () => {
    expect(deviceBadge(false, null)).toBeNull()
    expect(deviceBadge(false, new Date())).toBeNull()
  })
})
