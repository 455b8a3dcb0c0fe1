import { describe, expect, it } from 'vitest'
import { appRequestIn, approvalProven } from './approval-proof'

describe('the app request a step-up is made for', () => {
  it('is the interaction a return path leads back to, and nothing else', () => {
    expect(appRequestIn('/oidc/interaction/abcDEF_123-x')).toBe('abcDEF_123-x')
    for (const other of [
      null,
      undefined,
      '',
      '/account',
      '/oidc/interaction/abcDEF_123-x/consent',
      '/oidc/interaction/short',
      '//evil/oidc/interaction/abcDEF_123-x',
    ])
      expect(appRequestIn(other)).toBeNull()
  })
})

describe('an approval', () => {
  const uid = 'abcDEF_123-x'
  it('is given only by a step-up made for its own request', () => {
    expect(approvalProven({ verifiedFor: uid, verifiedMethod: 'email_code' }, uid, false)).toBe(true)
    expect(approvalProven({ verifiedFor: null, verifiedMethod: 'passkey' }, uid, false)).toBe(false)
    expect(approvalProven({ verifiedFor: 'another-request', verifiedMethod: 'passkey' }, uid, false)).toBe(false)
  })

  it('that asks for a passkey is given only by a passkey step-up', () => {
    expect(approvalProven({ verifiedFor: uid, verifiedMethod: 'passkey' }, uid, true)).toBe(true)
    expect(approvalProven({ verifiedFor: uid, verifiedMethod: 'email_code' }, uid, true)).toBe(false)
  })
})
