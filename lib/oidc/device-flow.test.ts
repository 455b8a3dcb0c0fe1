import { describe, expect, it } from 'vitest'
import { coarseNetwork } from './device-flow'

describe('the network a device asked from, as the code page shows it', () => {
  it('is the /24 of an IPv4 address and the /48 of an IPv6 one, however the address is written', () => {
    expect(coarseNetwork('203.0.113.77')).toBe('203.0.113.0/24')
    expect(coarseNetwork('::ffff:203.0.113.77')).toBe('203.0.113.0/24')
    expect(coarseNetwork('2001:0db8:0001:0000::1')).toBe('2001:db8:1::/48')
    expect(coarseNetwork('2001:db8:1::2')).toBe('2001:db8:1::/48')
    expect(coarseNetwork('::1')).toBe('0:0:0::/48')
    expect(coarseNetwork('not an address')).toBeNull()
    expect(coarseNetwork('1:2:3:4:5:6:7:8:9')).toBeNull()
    expect(coarseNetwork(undefined)).toBeNull()
  })
})
