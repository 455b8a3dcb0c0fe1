import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { CLIENT_ADDRESS_HEADER, attachClientAddress, clientAddressFrom, openClientAddress, sealClientAddress, validIpAddress } from './client-address'

const SECRET = 'a-test-secret-that-is-long-enough-for-the-key'

describe('client address', () => {
  it('accepts only syntactically valid IP addresses', () => {
    expect(validIpAddress('203.0.113.9')).toBe('203.0.113.9')
    expect(validIpAddress(' 2001:DB8::1 ')).toBe('2001:db8::1')
    expect(validIpAddress('::ffff:198.51.100.7')).toBe('198.51.100.7')
    expect(validIpAddress('[::1]')).toBe('::1')
    for (const text of ['Your IT desk (ticket 4471)', '1.2.3.4 evil', '999.1.1.1', 'localhost', '', '1.2.3.4:80', '<b>1.2.3.4</b>'])
      expect(validIpAddress(text), text).toBeNull()
  })

  it('with no trusted proxy, is the connection’s own address whatever X-Forwarded-For says', () => {
    expect(clientAddressFrom('203.0.113.5', '127.0.0.1', 0)).toBe('127.0.0.1')
    expect(clientAddressFrom(undefined, '::ffff:10.1.2.3', 0)).toBe('10.1.2.3')
  })

  it('with N trusted proxies, is the address the outermost one saw; entries a client prepended are ignored', () => {
    // client → proxy → app: the proxy appended the client's address.
    expect(clientAddressFrom('198.51.100.20', '10.0.0.2', 1)).toBe('198.51.100.20')
    // The client sent its own X-Forwarded-For; the proxy appended the real address after it.
    expect(clientAddressFrom('1.1.1.1, 198.51.100.20', '10.0.0.2', 1)).toBe('198.51.100.20')
    expect(clientAddressFrom(['1.1.1.1', '198.51.100.20, 10.0.0.1'], '10.0.0.2', 2)).toBe('198.51.100.20')
    // Fewer entries than hops: the left-most there is.
    expect(clientAddressFrom(undefined, '10.0.0.2', 1)).toBe('10.0.0.2')
    // Free text where the proxy's entry should be is no address.
    expect(clientAddressFrom('not an address', '10.0.0.2', 1)).toBeNull()
  })
})

describe('the sealed header', () => {
  it('carries only what our server wrote: a value a client writes, or one sealed with another secret, is no address', () => {
    expect(openClientAddress(sealClientAddress('203.0.113.9', SECRET), SECRET)).toBe('203.0.113.9')
    expect(openClientAddress(sealClientAddress('2001:db8::1', SECRET), SECRET)).toBe('2001:db8::1')
    for (const forged of [
      '203.0.113.9',
      '203.0.113.9.',
      `203.0.113.9.${'A'.repeat(43)}`,
      sealClientAddress('203.0.113.9', `${SECRET}-other`),
      sealClientAddress('not an ip', SECRET),
      '',
    ]) {
      expect(openClientAddress(forged, SECRET), forged).toBeNull()
    }
  })
})

describe('client address over real HTTP', () => {
  const servers: Server[] = []
  afterAll(() => servers.forEach((server) => server.close()))

  /** A server that answers with the address the app would see, as the portal's server computes it. */
  async function echoServer(hops: number): Promise<string> {
    const server = createServer((request, response) => {
      attachClientAddress(request, hops, SECRET)
      response.end(openClientAddress((request.headers[CLIENT_ADDRESS_HEADER] as string | undefined) ?? null, SECRET) ?? 'none')
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  it('with 0 hops a client cannot choose its address, neither through X-Forwarded-For nor the portal’s own header', async () => {
    const url = await echoServer(0)
    const answer = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.5', [CLIENT_ADDRESS_HEADER]: '203.0.113.6' } })
    expect(await answer.text()).toBe('127.0.0.1')
  })

  it('with 1 hop the entry the proxy appended counts, and anything before it does not', async () => {
    const url = await echoServer(1)
    const answer = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.5, 198.51.100.20', [CLIENT_ADDRESS_HEADER]: '203.0.113.6' } })
    expect(await answer.text()).toBe('198.51.100.20')
    const spoofed = await fetch(url, { headers: { 'x-forwarded-for': 'press Approve now' } })
    expect(await spoofed.text()).toBe('none')
  })
})
