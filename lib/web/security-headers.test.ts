import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, newNonce } from './security-headers'

const directives = (policy: string) => new Map(policy.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1)]))

describe('Content-Security-Policy', () => {
  it('allows scripts only with the nonce and what they load, and no inline script', () => {
    const policy = directives(contentSecurityPolicy('abc123', { development: false, https: false }))
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.has('upgrade-insecure-requests')).toBe(false)
  })

  it('upgrades requests on https and lets development tools evaluate code only in development', () => {
    expect(directives(contentSecurityPolicy('n', { development: false, https: true })).has('upgrade-insecure-requests')).toBe(true)
    expect(directives(contentSecurityPolicy('n', { development: true, https: false })).get('script-src')).toContain("'unsafe-eval'")
  })

  it('makes a new 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()))
    expect(nonces.size).toBe(100)
    expect(Buffer.from([...nonces][0]!, 'base64')).toHaveLength(16)
  })
})
