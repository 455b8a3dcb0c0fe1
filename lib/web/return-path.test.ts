import { describe, expect, it } from 'vitest'
import { safeReturnPath } from './return-path'

describe('safeReturnPath', () => {
  it('keeps same-origin paths', () => {
    expect(safeReturnPath('/account/passkeys')).toBe('/account/passkeys')
    expect(safeReturnPath('/account?tab=1#x')).toBe('/account?tab=1#x')
  })

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'account', '/a\nb', '', 42, null])('drops %j', (value) => {
    expect(safeReturnPath(value)).toBeNull()
  })
})
